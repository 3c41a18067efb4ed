import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backgroundSettings } from "./start";

// The settings checked before the server starts its background work: one bad value stops it there,
// with the setting named, instead of failing later in a request or a loop.
describe("backgroundSettings", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("accepts the defaults", () => {
    expect(() => backgroundSettings()).not.toThrow();
  });

  it("refuses an AUDIT_SIGNING_KEY that is not an Ed25519 private key, naming it and never repeating it", () => {
    vi.stubEnv("AUDIT_SIGNING_KEY", "bm90IGEga2V5IGF0IGFsbA==");
    expect(() => backgroundSettings()).toThrow(/^AUDIT_SIGNING_KEY is not a private key in PEM/);
    vi.stubEnv("AUDIT_SIGNING_KEY", generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    expect(() => backgroundSettings()).toThrow("AUDIT_SIGNING_KEY must be an Ed25519 private key");
  });

  it("stops a production start without APP_URL, or with one that is no bare http(s) address, naming it", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("DEMO_MODE", "");
    vi.stubEnv("APP_URL", "");
    expect(() => backgroundSettings()).toThrow(/^APP_URL is not set/);
    vi.stubEnv("APP_URL", "https://kakehashi.example/portal");
    expect(() => backgroundSettings()).toThrow(/^APP_URL must have no path/);
    vi.stubEnv("APP_URL", "https://kakehashi.example");
    expect(() => backgroundSettings()).not.toThrow();
    // The demo, served in production mode, links to localhost.
    vi.stubEnv("DEMO_MODE", "1");
    vi.stubEnv("APP_URL", "");
    expect(() => backgroundSettings()).not.toThrow();
  });

  it.each([
    ["APP_URL", "ftp://kakehashi.example"],
    ["SESSION_IDLE_MINUTES_COMPANY", "8h"],
    ["SESSION_IDLE_MINUTES_GOVERNMENT", "0"],
    ["SESSION_IDLE_MINUTES_GOVERNMENT", "721"],
    ["EMAIL_BATCH_SIZE", "0.5"],
    ["AUDIT_CHECKPOINT_SECONDS", "5m"],
    ["TRUSTED_PROXY_HOPS", "-1"],
    ["AUDIT_LOOP", "false"],
    ["INVITATION_LIMIT_PER_HOUR", "0"],
    ["INVITATION_LIMIT_PER_HOUR", "30/h"],
  ])("refuses %s=%s, naming it", (name, value) => {
    vi.stubEnv(name, value);
    expect(() => backgroundSettings()).toThrow(name);
  });
});
