import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { advisories, advisoryDeliveries, organisations } from "@/db/schema";
import type { AdvisoryDocument, AdvisoryFeedEntry } from "@/lib/advisories/document";
import { isLimitedDisclosure } from "@/lib/advisories/tlp";
import { requirePermission } from "@/lib/authz/policy";
import type { Locale } from "@/lib/i18n/locale";
import { advisoryFeedQuerySchema } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { documentOf } from "./get-advisory-document";
import { parseInput } from "./input";
import { iso } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

export const FEED_SIZE = 50;

/**
 * When an advisory last changed in a way its feed entry must show (RFC 4287 `updated`): its latest publication
 * (a revision's included), its withdrawal, or its supersession. The feed is ordered and cut by it, or a change
 * to an older advisory — a withdrawal above all — would never reach a reader that polls the feed. The time it
 * was superseded is its `updated_at`: the superseding publication stamps it with the same `now()`, and the
 * guard trigger (migration 0038) lets no later change touch a superseded advisory; the superseding advisory
 * itself may be one the company may not read (the wall of 0036 hides it), so its date is not asked for.
 */
const changedAt = sql<Date>`greatest(${advisories.lastPublishedAt}, ${advisories.withdrawnAt},
  case when ${advisories.status} = 'superseded' then ${advisories.updatedAt} end)`.mapWith(advisories.lastPublishedAt);

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

/**
 * The `size` advisories delivered to the caller's company that changed last (publication, withdrawal or
 * supersession: changedAt), latest first, as its Atom feed may carry them, and the language its query asks
 * the feed's own words in (`?lang=`).
 */
export async function getAdvisoryFeed(
  { ctx, input }: ServiceCall<{ query: Record<string, unknown> } | undefined>,
  size: number = FEED_SIZE,
): Promise<{ company: { id: string; nameEn: string; nameJa: string }; entries: AdvisoryFeedEntry[]; language: Locale }> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.read_delivered", undefined, { hidden: true });
    const { lang = "en" } = parseInput(advisoryFeedQuerySchema, input?.query ?? {}, "(query)");
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const [company] = await tx.select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa }).from(organisations).where(eq(organisations.id, actor.orgId));
    const rows = await tx
      .select({ advisory: advisories, updated: changedAt })
      .from(advisoryDeliveries)
      .innerJoin(advisories, eq(advisories.id, advisoryDeliveries.advisoryId))
      .where(and(eq(advisoryDeliveries.organisationId, actor.orgId), isNotNull(advisories.publishedRevision)))
      .orderBy(desc(changedAt), desc(advisories.id))
      .limit(size);
    const entries: AdvisoryFeedEntry[] = [];
    for (const { advisory, updated } of rows) entries.push({ ...feedEntry(await documentOf(tx, actor, advisory)), updated: iso(updated)! });
    return { company: company!, entries, language: lang };
  });
}
