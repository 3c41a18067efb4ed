import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { disclosures, organisations } from "@/db/schema";
import { can, requireActor, requirePermission } from "@/lib/authz/policy";
import { disclosureListQuerySchema, encodeDisclosureCursor, type DisclosurePage } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { changedAtFor, summaryColumns, toSummary, visibleDisclosures } from "./internal/disclosures";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

/**
 * Disclosures newest first, one keyset page at a time: a company's own (any status), or for agency staff
 * those within assignment and without a conflict, ordered by the last change they may see (`changedAtFor`). `queue=true` narrows agency staff to the review queue
 * (submitted or under review). The input is the raw query, checked after the permission.
 */
export async function listDisclosures({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<DisclosurePage> {
  return withTx(ctx, async (tx) => {
    const actor = requireActor(ctx);
    if (!can(actor.role, "disclosure.read_own") && !can(actor.role, "disclosure.review")) {
      requirePermission(ctx, "disclosure.read_own", undefined, { hidden: true });
    }
    const { period, status, queue, cursor, limit } = parseInput(disclosureListQuerySchema, input, "(query)");
    await enterRowSecurity(tx, actor);
    const changedAt = changedAtFor(actor);
    const conditions: SQL[] = [visibleDisclosures(actor)];
    if (period) conditions.push(eq(disclosures.reportingPeriod, period));
    if (status) conditions.push(eq(disclosures.status, status));
    if (queue) conditions.push(inArray(disclosures.status, ["submitted", "under_review"]));
    if (cursor) conditions.push(sql`(${changedAt}, ${disclosures.id}) < (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)`);
    // The keyset's time is read with the page, to the microsecond: read again afterwards, a row changed (or
    // hidden) in between moved the cursor (pages repeated rows) or left none (a 500).
    const rows = await tx
      .select({ summary: { ...summaryColumns, updatedAt: changedAt }, at: sql<string>`to_char(${changedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
      .from(disclosures)
      .innerJoin(organisations, eq(organisations.id, disclosures.organisationId))
      .where(and(...conditions))
      .orderBy(desc(changedAt), desc(disclosures.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeDisclosureCursor({ updatedAt: last.at, id: last.summary.id }) : null;
    return { items: page.map((r) => toSummary(r.summary)), nextCursor };
  });
}
