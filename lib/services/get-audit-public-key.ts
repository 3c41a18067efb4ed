import { signingKey } from "@/lib/audit/signing-key";

/** The checkpoint signing key's public half: public, so anyone holding a checkpoint can check it. */
export function getAuditPublicKey() {
  const key = signingKey();
  return { algorithm: "Ed25519" as const, keyId: key.keyId, publicKey: key.publicKeyPem };
}
