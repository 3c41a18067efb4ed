import { and, desc, eq, isNotNull } from "drizzle-orm";
import { advisories, advisoryDeliveries, organisations } from "@/db/schema";
import type { AdvisoryDocument } from "@/lib/advisories/document";
import { isLimitedDisclosure } from "@/lib/advisories/tlp";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { documentOf } from "./get-advisory-document";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

export const FEED_SIZE = 50;

/**
 * What a feed entry may carry of an advisory. Under limited disclosure (TLP:AMBER and above) only that there
 * is something to read, and where, as an email does: its title, summary, body, change summaries and any
 * withdrawal's reason are read on its page, where each reading is recorded — a feed reader's poll is not.
 */
function feedEntry(d: AdvisoryDocument): AdvisoryDocument {
  if (!isLimitedDisclosure(d.tlp)) return d;
  return {
    ...d,
    title: "",
    summary: "",
    body: "",
    history: d.history.map((h) => ({ ...h, changeSummary: null })),
    withdrawal: d.withdrawal ? { at: d.withdrawal.at, reason: "" } : null,
  };
}

/** The advisories delivered to the caller's company, newest publication first, as its Atom feed may carry them. */
export async function getAdvisoryFeed({ ctx }: ServiceCall<void>): Promise<{ company: { id: string; nameEn: string; nameJa: string }; entries: AdvisoryDocument[] }> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.read_delivered", undefined, { hidden: true });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const [company] = await tx.select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa }).from(organisations).where(eq(organisations.id, actor.orgId));
    const rows = await tx
      .select({ advisory: advisories })
      .from(advisoryDeliveries)
      .innerJoin(advisories, eq(advisories.id, advisoryDeliveries.advisoryId))
      .where(and(eq(advisoryDeliveries.organisationId, actor.orgId), isNotNull(advisories.publishedRevision)))
      .orderBy(desc(advisories.lastPublishedAt), desc(advisories.id))
      .limit(FEED_SIZE);
    const entries: AdvisoryDocument[] = [];
    for (const { advisory } of rows) entries.push(feedEntry(await documentOf(tx, actor, advisory)));
    return { company: company!, entries };
  });
}
