import { describe, expect, it, onTestFinished, vi } from "vitest";
import { createHash } from "node:crypto";
import { generate } from "otplib";
import { openSecret, sealSecret } from "./secret-box";
import { checkTotpCode, hashRecoveryCode, legacyRecoveryCodeHash, newRecoveryCodes, newTotpSecret, recoveryCodeMatches, totpUri, unsaltedRecoveryCodeHash, usableTotpCode } from "./totp";
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

  it("offers the demo a code the check takes now: after one spent in this step, the next step's; none after two", async () => {
    // Mid-step and held there: the steps must not move on between the calls.
    vi.useFakeTimers({ now: 1_796_000_015_000, toFake: ["Date"] });
    onTestFinished(() => void vi.useRealTimers());
    const secret = newTotpSecret();
    const first = await usableTotpCode(secret, null)!;
    const spent = (await checkTotpCode(secret, first, null))!;
    // The same code again is refused as used: the demo must not offer it.
    expect(await checkTotpCode(secret, first, spent)).toBeNull();
    const second = await usableTotpCode(secret, spent)!;
    expect(second).not.toBe(first);
    const next = await checkTotpCode(secret, second, spent);
    expect(next).toBe(spent + 1);
    expect(usableTotpCode(secret, next)).toBeNull();
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
    const salt = Buffer.from("0a0b0c0d", "hex");
    expect(hashRecoveryCode("abcde-fghjk", salt)).toBe(hashRecoveryCode("ABCDEFGHJK", salt));
    expect(hashRecoveryCode("abcde-fghjk", salt)).not.toBe(hashRecoveryCode("abcde-fghjm", salt));
    expect(recoveryCodeMatches(hashRecoveryCode("abcde-fghjk"), " ABCDEFGHJK ")).toBe(true);
    expect(recoveryCodeMatches(hashRecoveryCode("abcde-fghjk"), "abcde-fghjm")).toBe(false);
  });

  it("salts every digest with 32 random bits of its own: one code never hashes the same twice, and each still matches", () => {
    const digests = Array.from({ length: 20 }, () => hashRecoveryCode("abcde-fghjk"));
    expect(new Set(digests).size).toBe(20);
    expect(new Set(digests.map((d) => d.split(":")[1])).size).toBe(20);
    for (const digest of digests) {
      expect(digest).toMatch(/^h2:[0-9a-f]{8}:[0-9a-f]{64}$/);
      expect(recoveryCodeMatches(digest, "abcde-fghjk")).toBe(true);
    }
    // The salt is part of what is hashed: another salt with the same digest does not match.
    const [, salt, digest] = digests[0]!.split(":");
    expect(recoveryCodeMatches(`h2:${salt === "00000000" ? "00000001" : "00000000"}:${digest}`, "abcde-fghjk")).toBe(false);
  });

  it("keys the digest with the server's secret: a database copy alone cannot be searched for codes", () => {
    vi.stubEnv("MFA_ENCRYPTION_KEY", "first key");
    const salt = Buffer.from("01020304", "hex");
    const digest = hashRecoveryCode("abcde-fghjk", salt);
    expect(digest).not.toContain(createHash("sha256").update("abcdefghjk").digest("hex"));
    expect(digest).not.toContain(createHash("sha256").update(Buffer.concat([salt, Buffer.from("abcdefghjk")])).digest("hex"));
    vi.stubEnv("MFA_ENCRYPTION_KEY", "another key");
    expect(hashRecoveryCode("abcde-fghjk", salt)).not.toBe(digest);
    expect(recoveryCodeMatches(digest, "abcde-fghjk")).toBe(false);
    vi.unstubAllEnvs();
  });

  it("still matches codes stored before salting (h1:, keyed) and before keying (plain SHA-256), and nothing else", () => {
    expect(unsaltedRecoveryCodeHash("ABCDE-FGHJK")).toMatch(/^h1:[0-9a-f]{64}$/);
    expect(legacyRecoveryCodeHash("ABCDE-FGHJK")).toBe(createHash("sha256").update("abcdefghjk").digest("hex"));
    for (const stored of [unsaltedRecoveryCodeHash("abcde-fghjk"), legacyRecoveryCodeHash("abcde-fghjk")]) {
      expect(recoveryCodeMatches(stored, "abcdefghjk")).toBe(true);
      expect(recoveryCodeMatches(stored, "abcdefghjm")).toBe(false);
    }
    for (const malformed of ["", "h2:", "h2:zzzzzzzz:" + "0".repeat(64), "h1:short"]) expect(recoveryCodeMatches(malformed, "abcdefghjk")).toBe(false);
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
