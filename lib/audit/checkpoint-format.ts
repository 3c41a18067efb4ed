import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** A signed seal of the chain head. `publicKey` travels with exported checkpoints. */
export interface Checkpoint {
  seq: number;
  headHash: string;
  createdAt: string;
  keyId: string;
  signature: string;
  publicKey?: string;
}

export const CHECKPOINT_FORMAT = "kakehashi-audit-checkpoint";

/** The signed bytes, version 1: five lines, fixed order, no trailing newline. */
export function checkpointMessage(c: Pick<Checkpoint, "seq" | "headHash" | "createdAt" | "keyId">): Buffer {
  return Buffer.from(`${CHECKPOINT_FORMAT}/v1\n${c.seq}\n${c.headHash}\n${c.createdAt}\n${c.keyId}`, "utf8");
}

/** A key's id: the first 16 hex digits of SHA-256 over its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
}

export function signCheckpoint(body: Omit<Checkpoint, "signature" | "publicKey">, privateKey: KeyObject): string {
  return sign(null, checkpointMessage(body), privateKey).toString("base64");
}

export function verifyCheckpointSignature(c: Checkpoint, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== "ed25519" || keyIdOf(key) !== c.keyId) return false;
    return verify(null, checkpointMessage(c), key, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}
