import "./jitless";
import { z } from "zod";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const problem = z.object({
  seq: z.number().int(),
  problem: z.enum(["altered", "missing", "unknown_version", "truncated", "checkpoint_mismatch", "bad_signature"]),
  detail: z.string(),
});

export const verificationResultSchema = z
  .object({
    ok: z.boolean(),
    events: z.number().int(),
    checkedThrough: z.number().int(),
    headHash: hex64,
    checkpoints: z.number().int(),
    pending: z.number().int(),
    firstBad: problem
      .nullable()
      .meta({ description: "The first bad event of the chain; when the chain is sound, the first checkpoint whose signature does not verify." }),
    badCheckpoints: z
      .array(problem)
      .meta({ description: "Every checkpoint whose signature does not verify under a trusted key (`bad_signature`), in sequence order; none was relied on." }),
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

/**
 * Checkpoints kept outside the server, given back to the verification: a tail cut since one of them was
 * sealed is caught against it, as `npm run audit:verify -- --checkpoint <file>` does.
 */
export const verifyWithCheckpointsSchema = z
  .object({
    checkpoints: z.array(exportedCheckpointSchema).max(100, "validation.tooMany").default([]),
  })
  .strict()
  .meta({ id: "AuditVerifyRequest" });
