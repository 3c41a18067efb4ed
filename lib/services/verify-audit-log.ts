import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { sharedRun } from "@/lib/audit/shared-run";
import { trustedPublicKeys } from "@/lib/audit/signing-key";
import { verifyChain, type VerificationResult } from "@/lib/audit/verify";
import { verifyWithCheckpointsSchema } from "@/lib/schemas/audit-verification";
import type { Executor } from "@/db/client";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { auditLogReader } from "./internal/audit-events";
import { withTx } from "./transaction";

// The whole chain and every checkpoint recomputed: one recomputation at a time per database in this
// server, which a request that comes while one runs waits for and shares (a page reloaded, or a link opened
// again and again, does not start one more full pass over the log each time).
const recomputations = new WeakMap<object, () => Promise<VerificationResult>>();
function recomputation(db: Executor): () => Promise<VerificationResult> {
  let run = recomputations.get(db);
  if (!run) {
    run = sharedRun(() => verifyChain(auditLogReader(db), { publicKeys: trustedPublicKeys() }));
    recomputations.set(db, run);
  }
  return run;
}

/**
 * An auditor recomputes the whole chain and every checkpoint, and holds it against the checkpoints they kept
 * outside the server, if they give any (`checkpoints`: a tail cut since one was sealed is caught, as the
 * command line's `--checkpoint` does). The run and its verdict are recorded (each request's).
 */
export async function verifyAuditLog({ ctx, input }: ServiceCall<unknown>): Promise<VerificationResult> {
  const { checkpoints } = await withTx(ctx, async () => {
    requirePermission(ctx, "audit.verify", undefined, { hidden: true });
    return parseInput(verifyWithCheckpointsSchema, input ?? {});
  });
  const exported = checkpoints.map(({ seq, headHash, createdAt, keyId, signature, publicKey }) => ({ seq, headHash, createdAt, keyId, signature, publicKey }));
  // Given checkpoints make a run of its own; without, the run in progress is shared.
  const result = exported.length ? await verifyChain(auditLogReader(ctx.db), { publicKeys: trustedPublicKeys(), exported }) : await recomputation(ctx.db)();
  await withTx(ctx, (tx) =>
    emit(tx, ctx, {
      action: "audit.verify",
      outcome: "allowed",
      details: { ok: result.ok, checkedThrough: result.checkedThrough, firstBadSeq: result.firstBad?.seq ?? null, exportedCheckpoints: exported.length },
    }),
  );
  return result;
}
