import { requirePermission } from "@/lib/authz/policy";
import { encodeCursor } from "@/lib/schemas/audit-search";
import { accessLogQuerySchema, type AccessLogEntry } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { selectAccessLog } from "./internal/access-log";
import { withoutTx } from "./transaction";

/**
 * Access transparency: every access by government staff to the caller's company data (reads, reviews,
 * refusals), and every attempt on it refused to anyone outside the company (another company's user, the
 * platform's operator, an auditor: shown by kind, not named), newest first, with the agency, role and
 * purpose, break-glass marked (`breakGlass: "true"`: those alone; `from`, `to`: within a time range).
 * Officials appear under a stable pseudonym (`selectAccessLog`); auditors see who they are in the audit console.
 */
export async function listAccessLog({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
  return withoutTx(ctx, async (db) => {
    const actor = requirePermission(ctx, "access_log.read_own");
    const { limit, cursor, ...filters } = parseInput(accessLogQuerySchema, input, "(query)");
    const rows = await selectAccessLog(db, actor.orgId, filters, cursor, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > limit && last ? encodeCursor({ occurredAt: last.occurredAt, id: last.id }) : null };
  });
}
