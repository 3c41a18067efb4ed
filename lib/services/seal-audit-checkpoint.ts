import { requirePermission } from "@/lib/authz/policy";
import { createCheckpoint, exportCheckpoint } from "@/lib/audit/checkpoint";
import { signingKey } from "@/lib/audit/signing-key";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/**
 * An auditor seals the current head on demand and receives the checkpoint to keep elsewhere: a new one
 * (`created`) when events were chained since the newest, else the newest as it is.
 */
export async function sealAuditCheckpoint({ ctx }: ServiceCall<void>) {
  await withTx(ctx, async () => requirePermission(ctx, "audit.verify", undefined, { hidden: true }));
  const key = signingKey();
  const { checkpoint, created } = await createCheckpoint(ctx.db, ctx, key);
  return { checkpoint: exportCheckpoint(checkpoint, key), created };
}
