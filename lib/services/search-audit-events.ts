import { emit } from "@/lib/audit/emit";
import { requirePermission } from "@/lib/authz/policy";
import { englishMessage } from "@/lib/i18n/validation";
import { auditFilterErrors, auditSearchSchema, encodeCursor, type AuditEventPage } from "@/lib/schemas/audit-search";
import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { givenFilters, selectAuditEvents } from "./internal/audit-events";
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
    requirePermission(ctx, "audit.read", undefined, { hidden: true });
    const parsed = auditSearchSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(auditFilterErrors(parsed.error).map((e) => ({ ...e, message: englishMessage(e.message) })));
    }
    const { limit, cursor, ...filters } = parsed.data;
    const rows = await selectAuditEvents(tx, filters, cursor, limit + 1);
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
