import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { existingSigningKey } from "@/lib/audit/signing-key";
import { verifyChain, type VerificationResult } from "@/lib/audit/verify";
import type { ServiceCall } from "./context";
import { auditLogReader } from "./internal/audit-events";
import { withTx } from "./transaction";

/** An auditor recomputes the whole chain and every checkpoint; the run and its verdict are recorded. */
export async function verifyAuditLog({ ctx }: ServiceCall<void>): Promise<VerificationResult> {
  await withTx(ctx, async () => requirePermission(ctx, "audit.verify", undefined, { hidden: true }));
  const key = existingSigningKey();
  const result = await verifyChain(auditLogReader(ctx.db), { publicKeys: new Map(key ? [[key.keyId, key.publicKeyPem]] : []) });
  await withTx(ctx, (tx) =>
    emit(tx, ctx, {
      action: "audit.verify",
      outcome: "allowed",
      details: { ok: result.ok, checkedThrough: result.checkedThrough, firstBadSeq: result.firstBad?.seq ?? null },
    }),
  );
  return result;
}
