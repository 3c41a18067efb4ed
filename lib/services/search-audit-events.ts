import { emit } from "@/lib/audit/emit";
import { auditSearchSchema, encodeCursor, type AuditEventPage } from "@/lib/schemas/audit-search";
import type { ServiceCall } from "./context";
import { auditorQuery, givenFilters, readingAuditLog, selectAuditEvents } from "./internal/audit-events";
import { withTx } from "./transaction";

/**
 * One page of audit events matching the filters, newest first, for auditors only (anyone else: 404,
 * audited). The input is the raw query (strings), validated here after the permission, so a caller
 * without it learns nothing from the filters' errors. The search is itself an event (`audit.search`: the
 * filters, the page size, whether it continued a search, how many events it answered), committed with
 * the read, so an auditor's trawl through the log is on the record like any other access.
 */
export async function searchAuditEvents({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AuditEventPage> {
  return withTx(ctx, async (tx) => {
    const { limit, cursor, ...filters } = auditorQuery(ctx, "audit.read", auditSearchSchema, input);
    const rows = await readingAuditLog(ctx, tx, (reader) => selectAuditEvents(reader, filters, cursor, limit + 1));
    const items = rows.slice(0, limit);
    await emit(tx, ctx, {
      action: "audit.search",
      outcome: "allowed",
      details: { filters: givenFilters(filters), limit, continued: cursor !== undefined, results: items.length },
    });
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  });
}
