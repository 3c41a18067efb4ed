import { requirePermission } from "@/lib/authz/policy";
import { createCheckpoint, exportCheckpoint } from "@/lib/audit/checkpoint";
import { signingKey } from "@/lib/audit/signing-key";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/** An auditor seals the current head on demand and receives the checkpoint to keep elsewhere. */
export async function sealAuditCheckpoint({ ctx }: ServiceCall<void>) {
  await withTx(ctx, async () => requirePermission(ctx, "audit.verify", undefined, { hidden: true }));
  const key = signingKey();
  const { checkpoint } = await createCheckpoint(ctx.db, ctx, key);
  return exportCheckpoint(checkpoint, key);
}
