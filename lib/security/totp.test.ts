import { describe, expect, it, vi } from "vitest";
import { createHash } from "node:crypto";
import { generate } from "otplib";
import { openSecret, sealSecret } from "./secret-box";
import { checkTotpCode, hashRecoveryCode, legacyRecoveryCodeHash, newRecoveryCodes, newTotpSecret, totpUri } from "./totp";
import { RECOVERY_CODE_PATTERN } from "@/lib/schemas/sign-in";

describe("TOTP", () => {
  it("accepts the current code once, and not again after it was used", async () => {
    const secret = newTotpSecret();
    const code = await generate({ secret });
    const step = await checkTotpCode(secret, code, null);
    expect(step).toEqual(expect.any(Number));
    expect(await checkTotpCode(secret, code, step)).toBeNull();
  });

  it("refuses a code of another secret and a code from ten minutes ago", async () => {
    const secret = newTotpSecret();
    expect(await checkTotpCode(secret, await generate({ secret: newTotpSecret() }), null)).toBeNull();
    const old = await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 600 });
    expect(await checkTotpCode(secret, old, null)).toBeNull();
  });

  it("builds an otpauth URI naming the issuer and the account", () => {
    const uri = totpUri("reviewer@esb.example", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Kakehashi:reviewer%40esb\.example\?/);
    expect(uri).toContain("secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(uri).toContain("issuer=Kakehashi");
  });
});

describe("recovery codes", () => {
  it("makes ten distinct codes of the documented shape", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE_PATTERN);
  });

  it("hashes regardless of case and dash", () => {
    expect(hashRecoveryCode("abcde-fghjk")).toBe(hashRecoveryCode("ABCDEFGHJK"));
    expect(hashRecoveryCode("abcde-fghjk")).not.toBe(hashRecoveryCode("abcde-fghjm"));
  });

  it("keys the digest with the server's secret: a database copy alone cannot be searched for codes", () => {
    vi.stubEnv("MFA_ENCRYPTION_KEY", "first key");
    const digest = hashRecoveryCode("abcde-fghjk");
    expect(digest).toMatch(/^h1:[0-9a-f]{64}$/);
    expect(digest).not.toContain(createHash("sha256").update("abcdefghjk").digest("hex"));
    vi.stubEnv("MFA_ENCRYPTION_KEY", "another key");
    expect(hashRecoveryCode("abcde-fghjk")).not.toBe(digest);
    expect(legacyRecoveryCodeHash("ABCDE-FGHJK")).toBe(createHash("sha256").update("abcdefghjk").digest("hex"));
    vi.unstubAllEnvs();
  });
});

describe("secret box", () => {
  it("opens what it sealed, and refuses an altered or foreign box", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed)).toBe("JBSWY3DPEHPK3PXP");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(openSecret(tampered)).toBeNull();
    expect(openSecret("v0:abc")).toBeNull();
  });

  it("seals under MFA_ENCRYPTION_KEY, else AUTH_SECRET, and under no key written in the source", () => {
    vi.stubEnv("MFA_ENCRYPTION_KEY", "first key");
    const sealed = sealSecret("JBSWY3DPEHPK3PXP");
    vi.stubEnv("MFA_ENCRYPTION_KEY", "another key");
    expect(openSecret(sealed)).toBeNull();
    vi.stubEnv("MFA_ENCRYPTION_KEY", "");
    vi.stubEnv("AUTH_SECRET", "");
    expect(() => sealSecret("JBSWY3DPEHPK3PXP")).toThrow("MFA_ENCRYPTION_KEY (or AUTH_SECRET) is not set");
    expect(() => openSecret(sealed)).toThrow("MFA_ENCRYPTION_KEY (or AUTH_SECRET) is not set");
    vi.unstubAllEnvs();
  });
});
