import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { configuredSecret } from "./configured-secret";

// Encrypts small secrets that must be read back (TOTP seeds) with AES-256-GCM. The key is derived
// with HKDF from MFA_ENCRYPTION_KEY, else AUTH_SECRET, so a copy of the database alone does not hold
// the second factors. Changing the source secret makes stored seeds unreadable: set
// MFA_ENCRYPTION_KEY in production and keep it.
const VERSION = "v1";

function key(): Buffer {
  const source = configuredSecret(["MFA_ENCRYPTION_KEY", "AUTH_SECRET"], "the authenticators' TOTP secrets");
  return Buffer.from(hkdfSync("sha256", source, "kakehashi", "kakehashi-mfa-secret/v1", 32));
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The plain secret, or null when it was sealed under another key or altered. */
export function openSecret(sealed: string): string | null {
  const [version, payload] = sealed.split(":", 2);
  if (version !== VERSION || !payload) return null;
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < 29) return null;
  const secretKey = key(); // outside the try: a missing key is a configuration error, not a box that will not open
  try {
    const decipher = createDecipheriv("aes-256-gcm", secretKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
