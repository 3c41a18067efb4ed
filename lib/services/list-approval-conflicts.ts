import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { findAgencyAdvisory, findRevision } from "./internal/advisories";
import { conflictedCompanies, type CompanyName } from "./internal/advisory-four-eyes";
import { claimedId, type Input } from "./input";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

/**
 * The companies that bar the calling approver from approving an advisory's revision awaiting approval: those
 * it concerns by name with which they declared a conflict (the rule approveAdvisory applies). None when no
 * revision awaits approval. The advisory page says so instead of offering an approval that would be refused.
 */
export async function listApprovalConflicts({ ctx, input }: ServiceCall<Input<{ id: string }>>): Promise<CompanyName[]> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.approve", { type: "advisory", id: claimedId(input) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(input), "advisory.approve");
    const revision = await findRevision(tx, row.id, row.currentRevision);
    if (revision.state !== "pending_approval") return [];
    return conflictedCompanies(tx, actor.userId, row, revision, { lock: false });
  });
}
