import { eq, sql } from "drizzle-orm";
import { disclosureReviews, disclosures, type DisclosureStatus, type ReviewDecision } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { Disclosure, ReviewInput } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { disclosureView, enterRowSecurity, findVisible, illegalTransition } from "./internal/disclosures";
import { withTx } from "./transaction";

const reviewable: ReadonlySet<DisclosureStatus> = new Set(["submitted", "under_review"]);
const outcome: Record<ReviewDecision, DisclosureStatus> = { comment: "under_review", request_changes: "changes_requested", accept: "accepted" };

/**
 * A reviewer within assignment (and without a conflict) comments on, asks for changes to, or accepts the
 * latest version of a submitted disclosure. The review and the new status commit with their audit event.
 */
export async function reviewDisclosure({ ctx, input }: ServiceCall<{ id: string; review: ReviewInput }>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "disclosure.review", { type: "disclosure", id: input.id });
    await enterRowSecurity(tx, actor);
    const row = await findVisible(tx, actor, input.id, "disclosure.review", { lock: true });
    if (!reviewable.has(row.status)) throw illegalTransition(row, "reviewed");
    const to = outcome[input.review.decision];
    await tx.insert(disclosureReviews).values({
      disclosureId: row.id,
      organisationId: row.organisationId,
      versionNumber: row.latestVersion,
      reviewerId: actor.userId,
      decision: input.review.decision,
      comment: input.review.comment,
    });
    const [saved] = await tx
      .update(disclosures)
      .set({ status: to, updatedAt: sql`now()`, updatedBy: actor.userId })
      .where(eq(disclosures.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "disclosure.review",
      outcome: "allowed",
      purpose: "disclosure review",
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { decision: input.review.decision, version: row.latestVersion, from: row.status, to },
    });
    return disclosureView(tx, actor, saved!);
  });
}
