import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { disclosures, memberships, reviewNoticesDue, users } from "@/db/schema";
import { reviewQueueEmail } from "@/lib/disclosures/review-email";
import { enqueueEmails } from "@/lib/notifications/outbox";
import type { RequestContext } from "./context";
import { agencyScope } from "./internal/disclosures";
import { withTx } from "./transaction";

const BATCH = 100;

/**
 * A background pass, outside the walls: takes up to a hundred queued versions off `review_notices_due`
 * (queued by a trigger in each submission's transaction, migration 0053; SKIP LOCKED, so servers running it
 * at once take each version once) and mails every reviewer whose review queue it reaches — the reviewers'
 * own scope (`agencyScope`: within assignment, never a conflicted company's), an account not disabled whose
 * invitation was accepted — in the same transaction. Only the newest version of a disclosure still awaiting
 * review is announced: one already superseded, withdrawn or decided is taken off unmailed. Approvers, who
 * may open every product's disclosures, are not mailed each submission. Answers how many emails were queued.
 */
export async function notifyReviewers(ctx: RequestContext): Promise<number> {
  return withTx(ctx, async (tx) => {
    const taken = rowsOf<{ disclosure_id: string; version_number: number }>(
      await tx.execute(sql`delete from ${reviewNoticesDue}
        where (disclosure_id, version_number) in (
          select disclosure_id, version_number from ${reviewNoticesDue} order by queued_at limit ${BATCH} for update skip locked)
        returning disclosure_id, version_number`),
    );
    if (taken.length === 0) return 0;
    const due = and(
      inArray(disclosures.id, [...new Set(taken.map((t) => t.disclosure_id))]),
      sql`(${disclosures.id}, ${disclosures.latestVersion}) in (
        select (e->>'disclosure_id')::uuid, (e->>'version_number')::int from jsonb_array_elements(${JSON.stringify(taken)}::jsonb) e)`,
      inArray(disclosures.status, ["submitted", "under_review"]),
    );
    const notices = await tx
      .select({ email: users.email, language: users.emailLocale, disclosureId: disclosures.id, period: disclosures.reportingPeriod, version: disclosures.latestVersion })
      .from(disclosures)
      .innerJoin(memberships, eq(memberships.role, "agency_reviewer"))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(due, isNull(users.disabledAt), sql`${users.hasPassword}`, agencyScope(sql`${users.id}`)))
      .orderBy(asc(disclosures.id), asc(users.email));
    await enqueueEmails(tx, notices.map((n) => reviewQueueEmail(n, n)));
    return notices.length;
  });
}
