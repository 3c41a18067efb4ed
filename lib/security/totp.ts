import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { configuredSecret } from "./configured-secret";

// TOTP as authenticator apps expect it (RFC 6238: SHA-1, 6 digits, 30-second steps).
export const TOTP_ISSUER = "Kakehashi";
const PERIOD = 30;
// One step either side, for clocks that drift; a code is still accepted only once (afterTimeStep).
const TOLERANCE_SECONDS = PERIOD;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The otpauth URI as a QR code image (a data: URL of a PNG), for the enrolment page. */
export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 220 });
}

/**
 * The code that would be accepted now for a secret whose last accepted code was of `lastTimeStep`: the
 * current step's, or — that one spent (two sign-ins within one step) — the next step's, which the
 * tolerance takes early; null when that is spent too (wait `secondsLeftInStep`). For the demo's sign-in
 * page, which would otherwise show a code the check then refuses as used.
 */
export function usableTotpCode(secret: string, lastTimeStep: number | null, now = Date.now()): Promise<string> | null {
  const current = Math.floor(now / 1000 / PERIOD);
  const step = lastTimeStep === null || lastTimeStep < current ? current : lastTimeStep + 1;
  if (step > current + TOLERANCE_SECONDS / PERIOD) return null;
  return generate({ secret, epoch: step * PERIOD });
}

/**
 * Checks a code; `afterTimeStep` is the step of the last accepted code, so a code (or an older one)
 * is never accepted twice. Answers the step of an accepted code, else null.
 */
export async function checkTotpCode(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/** Seconds until the current code changes (the demo's sign-in page says so). */
export function secondsLeftInStep(now = Date.now()): number {
  return PERIOD - (Math.floor(now / 1000) % PERIOD);
}

// Recovery codes: ten of "xxxxx-xxxxx" (RECOVERY_CODE_PATTERN), 50 bits each, stored salted and keyed (hashRecoveryCode).
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace("-", "");
const recoveryCodeKey = () =>
  Buffer.from(hkdfSync("sha256", configuredSecret(["MFA_ENCRYPTION_KEY", "AUTH_SECRET"], "the recovery codes' digests"), "kakehashi", "kakehashi-recovery-code/v1", 32));
const RECOVERY_SALT_BYTES = 4;

/**
 * The stored digest of a recovery code (ASVS V2.6.2: a code of under 112 bits is salted and hashed):
 * `h2:<salt>:<digest>`, HMAC-SHA-256 over a random 32-bit salt of its own and the code, under a key
 * derived from MFA_ENCRYPTION_KEY (else AUTH_SECRET). So a copy of the database alone cannot be searched
 * for the codes (about 50 bits each), and no two digests can be compared or looked up in a table made
 * once for all. Case and the dash do not matter. `salt` is for tests.
 */
export function hashRecoveryCode(code: string, salt: Buffer = randomBytes(RECOVERY_SALT_BYTES)): string {
  const digest = createHmac("sha256", recoveryCodeKey()).update(salt).update(normaliseRecoveryCode(code)).digest("hex");
  return `h2:${salt.toString("hex")}:${digest}`;
}

/** The digest of codes made between keying and salting (`h1:`, one key for all codes): still accepted until used or replaced. */
export function unsaltedRecoveryCodeHash(code: string): string {
  return `h1:${createHmac("sha256", recoveryCodeKey()).update(normaliseRecoveryCode(code)).digest("hex")}`;
}

/** The digest of codes made before hashRecoveryCode was keyed (plain SHA-256): still accepted until they are used or replaced. */
export function legacyRecoveryCodeHash(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/** Whether `code` is the one a stored digest was made from, whichever of the three forms it has. */
export function recoveryCodeMatches(stored: string, code: string): boolean {
  const salted = /^h2:([0-9a-f]{8}):[0-9a-f]{64}$/.exec(stored);
  const expected = salted ? hashRecoveryCode(code, Buffer.from(salted[1]!, "hex")) : stored.startsWith("h1:") ? unsaltedRecoveryCodeHash(code) : legacyRecoveryCodeHash(code);
  return expected.length === stored.length && timingSafeEqual(Buffer.from(expected), Buffer.from(stored));
}
