import { emit } from "@/lib/audit/emit";
import { requirePermission } from "@/lib/authz/policy";
import { csvLine } from "@/lib/csv/encode";
import { accessLogExportSchema, type AccessLogEntry, type AccessLogFilters } from "@/lib/schemas/disclosure";
import type { Executor } from "@/db/client";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { selectAccessLog } from "./internal/access-log";
import { withTx } from "./transaction";

export const ACCESS_LOG_EXPORT_BATCH_SIZE = 1000;

/** The CSV columns, in order: the fields of an access-log entry as the API gives them, the agency in both languages. */
export const accessLogCsvColumns = [
  ["id", (e) => e.id],
  ["occurred_at", (e) => e.occurredAt],
  ["party", (e) => e.party],
  ["agency_en", (e) => e.agency?.en],
  ["agency_ja", (e) => e.agency?.ja],
  ["role", (e) => e.role],
  ["official", (e) => e.official],
  ["action", (e) => e.action],
  ["outcome", (e) => e.outcome],
  ["purpose", (e) => e.purpose],
  ["break_glass", (e) => e.breakGlass],
  ["target_type", (e) => e.target.type],
  ["target_id", (e) => e.target.id],
] as const satisfies readonly (readonly [string, (e: AccessLogEntry) => string | number | boolean | null | undefined])[];

/**
 * Every entry of the caller's company access log matching the filters as CSV lines (a header first),
 * newest first, for the company's officers and admins to keep. The export is recorded and committed
 * before the first line is produced; lines are read in keyset batches, each its own short query, so
 * neither the result nor a transaction is held open for the whole download.
 */
export async function exportAccessLog({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AsyncIterable<string>> {
  const { companyId, filters } = await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "access_log.read_own");
    const parsed = parseInput(accessLogExportSchema, input, "(query)");
    // The filters as understood (the time range normalised), as the auditors' export records its own.
    await emit(tx, ctx, {
      action: "access_log.export",
      outcome: "allowed",
      target: { type: "organisation", id: actor.orgId, orgId: actor.orgId },
      details: { format: "csv", filters: Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) },
    });
    return { companyId: actor.orgId, filters: parsed };
  });
  return csvLines(ctx.db, companyId, filters);
}

async function* csvLines(db: Executor, companyId: string, filters: AccessLogFilters): AsyncGenerator<string> {
  yield csvLine(accessLogCsvColumns.map(([name]) => name));
  let after: AccessLogEntry | undefined;
  for (;;) {
    const batch = await selectAccessLog(db, companyId, filters, after, ACCESS_LOG_EXPORT_BATCH_SIZE);
    for (const entry of batch) yield csvLine(accessLogCsvColumns.map(([, value]) => value(entry)));
    if (batch.length < ACCESS_LOG_EXPORT_BATCH_SIZE) return;
    after = batch.at(-1);
  }
}
