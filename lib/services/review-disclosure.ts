import { eq, sql } from "drizzle-orm";
import { disclosureReviews, disclosures, organisations, type DisclosureStatus, type ReviewDecision } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { disclosureReviewEmail } from "@/lib/disclosures/review-email";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { z } from "zod";
import { reviewInputSchema, type Disclosure, type ReviewInput } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { recipientsOf } from "./internal/advisories";
import { disclosureView, findVisible, illegalTransition, requireDisclosurePermission } from "./internal/disclosures";
import { withRowSecurity } from "./internal/row-security";
import { claimedId, parseCall, parseInput, refuseUnknownRevision, type Input } from "./input";
import { withTx } from "./transaction";
import { ConflictError } from "./errors";
import { serviceMessage } from "./messages";

const reviewable: ReadonlySet<DisclosureStatus> = new Set(["submitted", "under_review"]);
const callSchema = z.object({ id: z.string(), review: z.unknown() });
const outcome: Record<ReviewDecision, DisclosureStatus> = { comment: "under_review", request_changes: "changes_requested", accept: "accepted" };

/**
 * A reviewer within assignment (and without a conflict) comments on, asks for changes to, or accepts the
 * latest version of a submitted disclosure — the one it names, when it names one (the form always does). The
 * review, the new status, the company's notices (its officers and admins are emailed the decision and a link,
 * never the comment) and the audit event commit together.
 */
export async function reviewDisclosure({ ctx, input: raw }: ServiceCall<Input<{ id: string; review: ReviewInput }>>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requireDisclosurePermission(ctx, "disclosure.review", claimedId(raw));
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, claimedId(raw), "disclosure.review", { lock: true }));
    // The review is checked once the disclosure is known to be the reviewer's to see.
    const review = parseInput(reviewInputSchema, parseCall(callSchema, raw).review);
    if (!reviewable.has(row.status)) throw illegalTransition(row, "reviewed");
    // A decision is on the version the reviewer read: one submitted since is theirs to read first.
    refuseUnknownRevision(review.version, row.latestVersion, "version");
    if (review.version !== undefined && review.version !== row.latestVersion) {
      throw new ConflictError(serviceMessage("disclosureVersionChanged", { version: row.latestVersion }));
    }
    const to = outcome[review.decision];
    await tx.insert(disclosureReviews).values({
      disclosureId: row.id,
      organisationId: row.organisationId,
      versionNumber: row.latestVersion,
      reviewerId: actor.userId,
      decision: review.decision,
      comment: review.comment,
    });
    const [saved] = await tx
      .update(disclosures)
      .set({ status: to, updatedAt: sql`now()`, updatedBy: actor.userId })
      .where(eq(disclosures.id, row.id))
      .returning();
    const [agency] = await tx.select({ en: organisations.nameEn, ja: organisations.nameJa }).from(organisations).where(eq(organisations.id, actor.orgId));
    const facts = { disclosureId: row.id, period: row.reportingPeriod, version: row.latestVersion, decision: review.decision, agency: agency! };
    const recipients = await recipientsOf(tx, [row.organisationId]);
    await enqueueEmails(tx, recipients.map((r) => disclosureReviewEmail(facts, { email: r.email, company: { en: r.orgEn, ja: r.orgJa }, language: r.language })));
    await emit(tx, ctx, {
      action: "disclosure.review",
      outcome: "allowed",
      purpose: "disclosure review",
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { decision: review.decision, version: row.latestVersion, from: row.status, to },
    });
    return disclosureView(tx, actor, saved!);
  });
}
