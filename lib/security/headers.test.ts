import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isProductionStart, newNonce, securityHeaders } from "./headers";

describe("security headers", () => {
  it("gives pages a nonce-based policy without unsafe-inline scripts, framing forbidden", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", production: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("gives API responses a policy that allows nothing", () => {
    expect(contentSecurityPolicy({ production: true })).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it("adds HSTS and upgrade-insecure-requests only for a production start", () => {
    expect(securityHeaders({ nonce: "n", production: true })["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(securityHeaders({ nonce: "n", production: true })["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(securityHeaders({ nonce: "n", production: false })).not.toHaveProperty("strict-transport-security");
    expect(isProductionStart({ NODE_ENV: "production" })).toBe(true);
    expect(isProductionStart({ NODE_ENV: "production", DEMO_MODE: "1" })).toBe(false);
    expect(isProductionStart({ NODE_ENV: "development" })).toBe(false);
  });

  it("always sends nosniff, a referrer policy and a permissions policy", () => {
    const headers = securityHeaders({ production: false });
    expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" });
    expect(headers["permissions-policy"]).toContain("camera=()");
  });

  it("makes a different 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) expect(atob(n)).toHaveLength(16);
  });
});
