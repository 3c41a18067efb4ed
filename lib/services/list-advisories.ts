import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { advisories, advisoryDeliveries, advisoryRevisions, users, type AdvisoryRow } from "@/db/schema";
import { isLimitedDisclosure } from "@/lib/advisories/tlp";
import { can } from "@/lib/authz/policy";
import { advisoryListQuerySchema, encodeAdvisoryCursor, type AdvisoryPage, type AdvisorySummary } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { requireAdvisoryReader } from "./get-advisory";
import { deliveryState, iso, isWithdrawnForCompany, parseJson, progressColumns } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

const isoMicros = (column: SQL | typeof advisories.updatedAt) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** When an advisory last changed for companies: its last publication, or its withdrawal after it. */
const companyUpdatedAt = (a: AdvisoryRow) => (a.withdrawnAt && a.lastPublishedAt && a.withdrawnAt > a.lastPublishedAt ? a.withdrawnAt : a.lastPublishedAt);
const unreadDelivery = sql`(${advisoryDeliveries.readRevision} is null or ${advisoryDeliveries.readRevision} < ${advisoryDeliveries.currentRevision})`;

/**
 * Advisories newest first, a keyset page at a time. Agency staff: their agency's, by last change, the
 * working revision's title and severity, with progress; `queue=true` is the approvers' queue. Companies:
 * those delivered to them and published TLP:CLEAR ones, by publication, with their delivery and the
 * number of unread deliveries.
 */
export async function listAdvisories({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AdvisoryPage> {
  return withTx(ctx, async (tx) => {
    const actor = requireAdvisoryReader(ctx);
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const q = parseInput(advisoryListQuerySchema, input, "(query)");
    const agency = can(actor.role, "advisory.draft");
    const sortColumn = agency ? sql`${advisories.updatedAt}` : sql`${advisories.lastPublishedAt}`;
    const conditions: SQL[] = agency
      ? [eq(advisories.agencyId, actor.orgId)]
      : [sql`${advisories.publishedRevision} is not null`, sql`(${advisoryDeliveries.id} is not null or ${advisoryRevisions.tlp} = 'CLEAR')`];
    if (q.status) conditions.push(eq(advisories.status, q.status));
    if (q.severity) conditions.push(eq(advisoryRevisions.severity, q.severity));
    if (agency && q.queue) conditions.push(eq(advisoryRevisions.state, "pending_approval"));
    if (!agency && q.unread) conditions.push(sql`${advisoryDeliveries.id} is not null and ${unreadDelivery}`);
    // A withdrawn advisory is acknowledged no more (acknowledgeAdvisory refuses it): it waits for nothing.
    if (!agency && q.unacknowledged)
      conditions.push(sql`${advisoryDeliveries.id} is not null and ${advisoryDeliveries.acknowledgedRevision} is distinct from ${advisoryDeliveries.currentRevision} and ${advisories.status} <> 'withdrawn'`);
    if (q.cursor) conditions.push(sql`(${sortColumn}, ${advisories.id}) < (${q.cursor.at}::timestamptz, ${q.cursor.id}::uuid)`);

    const rows = await tx
      .select({
        advisory: advisories,
        revision: advisoryRevisions,
        delivery: advisoryDeliveries,
        acknowledgedBy: users.displayName,
        progress: agency ? progressColumns(sql`${advisories.id}`) : sql<null>`null`,
        at: isoMicros(sortColumn),
      })
      .from(advisories)
      .innerJoin(
        advisoryRevisions,
        and(eq(advisoryRevisions.advisoryId, advisories.id), eq(advisoryRevisions.number, agency ? advisories.currentRevision : sql`${advisories.publishedRevision}`)),
      )
      .leftJoin(advisoryDeliveries, and(eq(advisoryDeliveries.advisoryId, advisories.id), eq(advisoryDeliveries.organisationId, agency ? sql`null::uuid` : sql`${actor.orgId}::uuid`)))
      .leftJoin(users, eq(users.id, advisoryDeliveries.acknowledgedBy))
      .where(and(...conditions))
      .orderBy(desc(sortColumn), desc(advisories.id))
      .limit(q.limit + 1);

    const page = rows.slice(0, q.limit);
    const items: AdvisorySummary[] = page.map(({ advisory, revision, delivery, acknowledgedBy, progress }) => ({
      id: advisory.id,
      reference: advisory.reference,
      status: advisory.status,
      revision: revision.number,
      title: revision.title,
      // Withdrawn, its text is no longer served to companies (advisoryView). Under limited disclosure a
      // list does not serve it either: every reading of such content is recorded, on the advisory's page.
      summary: isWithdrawnForCompany(actor, advisory) || isLimitedDisclosure(revision.tlp) ? "" : revision.summary,
      severity: revision.severity,
      tlp: revision.tlp,
      lastPublishedAt: iso(advisory.lastPublishedAt),
      // A company is not told when the agency saves a draft of the next revision.
      updatedAt: agency ? iso(advisory.updatedAt)! : iso(companyUpdatedAt(advisory))!,
      workingState: agency && revision.state !== "published" ? revision.state : null,
      delivery: delivery ? deliveryState(delivery, acknowledgedBy) : null,
      progress: agency ? (parseJson(progress) as AdvisorySummary["progress"]) : null,
    }));
    const last = page.at(-1);
    const nextCursor = rows.length > q.limit && last ? encodeAdvisoryCursor({ at: last.at, id: last.advisory.id }) : null;
    let unreadCount: number | null = null;
    if (!agency) {
      const [unread] = await tx
        .select({ n: count() })
        .from(advisoryDeliveries)
        .where(and(eq(advisoryDeliveries.organisationId, actor.orgId), unreadDelivery));
      unreadCount = Number(unread?.n ?? 0);
    }
    return { items, nextCursor, unreadCount };
  });
}
