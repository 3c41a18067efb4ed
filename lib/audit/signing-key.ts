import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { keyIdOf } from "./checkpoint-format";

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/** Where a generated key is kept: beside the embedded database, in the data folder. */
export function dataFolder(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/* turbopackIgnore: true */ env.PGLITE_DIR ? path.dirname(env.PGLITE_DIR) : "data");
}

function fromPem(pem: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    // The parser's reason only, never the key.
    throw new Error(`${source} is not a private key in PEM (or base64 of one): ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${source} must be an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), keyId: keyIdOf(publicKey) };
}

let cached: SigningKey | undefined;

/**
 * The checkpoint signing key: `AUDIT_SIGNING_KEY` (a PEM, or base64 of one), else a key generated on
 * first use into the data folder, with a warning — fine for a demo, not for production.
 */
export function signingKey(env: NodeJS.ProcessEnv = process.env): SigningKey {
  if (cached) return cached;
  const configured = env.AUDIT_SIGNING_KEY?.trim();
  if (configured) {
    cached = fromPem(configured.startsWith("-----") ? configured : Buffer.from(configured, "base64").toString("utf8"), "AUDIT_SIGNING_KEY");
    return cached;
  }
  const file = path.join(dataFolder(env), "audit-signing-key.pem");
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync("ed25519");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    console.warn(`warning: AUDIT_SIGNING_KEY is not set; generated an audit signing key in ${file}. Set AUDIT_SIGNING_KEY in production.`);
  }
  cached = fromPem(fs.readFileSync(file, "utf8"), file);
  return cached;
}

/** The configured or previously generated key, without generating one (for read-only verification). */
export function existingSigningKey(env: NodeJS.ProcessEnv = process.env): SigningKey | null {
  if (env.AUDIT_SIGNING_KEY?.trim() || fs.existsSync(path.join(dataFolder(env), "audit-signing-key.pem"))) return signingKey(env);
  return null;
}

/**
 * The public keys of earlier signing keys, from `AUDIT_PREVIOUS_PUBLIC_KEYS` (PEM public keys one after
 * another, or base64 of them): after a key is replaced, the checkpoints it signed still verify.
 */
export function previousPublicKeys(env: NodeJS.ProcessEnv = process.env): string[] {
  const configured = env.AUDIT_PREVIOUS_PUBLIC_KEYS?.trim();
  if (!configured) return [];
  const text = configured.startsWith("-----") ? configured : Buffer.from(configured, "base64").toString("utf8");
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (!blocks.length) throw new Error("AUDIT_PREVIOUS_PUBLIC_KEYS holds no PEM public key (-----BEGIN PUBLIC KEY-----), nor base64 of one");
  return blocks.map((pem, i) => {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (error) {
      throw new Error(`AUDIT_PREVIOUS_PUBLIC_KEYS, key ${i + 1}, is not a public key in PEM: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== "ed25519") throw new Error(`AUDIT_PREVIOUS_PUBLIC_KEYS, key ${i + 1}, must be an Ed25519 public key`);
    return key.export({ type: "spki", format: "pem" }).toString();
  });
}

/** The keys checkpoints are checked against, by key id: the server's own (if any yet) and its earlier ones. */
export function trustedPublicKeys(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const trusted = new Map<string, string>();
  const current = existingSigningKey(env);
  if (current) trusted.set(current.keyId, current.publicKeyPem);
  for (const pem of previousPublicKeys(env)) trusted.set(keyIdOf(createPublicKey(pem)), pem);
  return trusted;
}
