import { and, desc, eq, isNotNull } from "drizzle-orm";
import { advisories, advisoryDeliveries, organisations } from "@/db/schema";
import type { AdvisoryDocument } from "@/lib/advisories/document";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { documentOf } from "./get-advisory-document";
import { enterRowSecurity } from "./internal/disclosures";
import { withTx } from "./transaction";

export const FEED_SIZE = 50;

/** The advisories delivered to the caller's company, newest publication first: its Atom feed. */
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
    for (const { advisory } of rows) entries.push(await documentOf(tx, actor, advisory));
    return { company: company!, entries };
  });
}
