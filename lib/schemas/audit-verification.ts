import "./jitless";
import { z } from "zod";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const verificationResultSchema = z
  .object({
    ok: z.boolean(),
    events: z.number().int(),
    checkedThrough: z.number().int(),
    headHash: hex64,
    checkpoints: z.number().int(),
    pending: z.number().int(),
    firstBad: z
      .object({
        seq: z.number().int(),
        problem: z.enum(["altered", "missing", "unknown_version", "truncated", "checkpoint_mismatch", "bad_signature"]),
        detail: z.string(),
      })
      .nullable(),
  })
  .meta({ id: "AuditVerification" });

export const exportedCheckpointSchema = z
  .object({
    format: z.literal("kakehashi-audit-checkpoint"),
    version: z.literal(1),
    algorithm: z.literal("Ed25519"),
    seq: z.number().int().positive(),
    headHash: hex64,
    createdAt: z.iso.datetime(),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    signature: z.string().meta({ description: "Base64 Ed25519 signature over the five-line v1 checkpoint message." }),
    publicKey: z.string().meta({ description: "SPKI PEM of the signing key." }),
  })
  .meta({ id: "AuditCheckpoint" });

export const auditPublicKeySchema = z
  .object({ algorithm: z.literal("Ed25519"), keyId: z.string(), publicKey: z.string() })
  .meta({ id: "AuditPublicKey" });
