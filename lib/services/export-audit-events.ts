import type { Executor } from "@/db/client";
import { emit } from "@/lib/audit/emit";
import { csvLine } from "@/lib/csv/encode";
import { auditExportSchema, type AuditEventRecord, type AuditFilters } from "@/lib/schemas/audit-search";
import type { ServiceCall } from "./context";
import { auditLogReader, auditorQuery, givenFilters, selectAuditEvents } from "./internal/audit-events";
import { withTx } from "./transaction";

export const AUDIT_EXPORT_BATCH_SIZE = 1000;

/** The CSV columns, in order: every column of the event, the actor's email beside the actor's id. */
export const auditCsvColumns = [
  ["id", (e) => e.id],
  ["occurred_at", (e) => e.occurredAt],
  ["actor_user_id", (e) => e.actorUserId],
  ["actor_email", (e) => e.actorEmail],
  ["actor_org_id", (e) => e.actorOrgId],
  ["actor_role", (e) => e.actorRole],
  ["action", (e) => e.action],
  ["target_type", (e) => e.targetType],
  ["target_id", (e) => e.targetId],
  ["target_org_id", (e) => e.targetOrgId],
  ["outcome", (e) => e.outcome],
  ["purpose", (e) => e.purpose],
  ["request_id", (e) => e.requestId],
  ["client_ip", (e) => e.clientIp],
  ["user_agent", (e) => e.userAgent],
  ["details", (e) => JSON.stringify(e.details)],
  ["seq", (e) => e.seq],
  ["chain_version", (e) => e.chainVersion],
  ["hash", (e) => e.hash],
] as const satisfies readonly (readonly [string, (e: AuditEventRecord) => string | number | null])[];

/**
 * Every audit event matching the filters as CSV lines (a header first), newest first, for auditors only.
 * The export itself is recorded and committed before the first line is produced, so an export whose
 * download is interrupted is on the record too. Lines are read in keyset batches, each its own short
 * query, so neither the result nor a transaction is held open for the whole download.
 */
export async function exportAuditEvents({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AsyncIterable<string>> {
  const filters = await withTx(ctx, async (tx) => {
    const parsed: AuditFilters = auditorQuery(ctx, "audit.export", auditExportSchema, input);
    await emit(tx, ctx, { action: "audit.export", outcome: "allowed", details: { format: "csv", filters: givenFilters(parsed) } });
    return parsed;
  });
  return csvLines(auditLogReader(ctx.db), filters);
}

async function* csvLines(db: Executor, filters: AuditFilters): AsyncGenerator<string> {
  yield csvLine(auditCsvColumns.map(([name]) => name));
  let after: AuditEventRecord | undefined;
  for (;;) {
    const batch = await selectAuditEvents(db, filters, after, AUDIT_EXPORT_BATCH_SIZE);
    for (const event of batch) yield csvLine(auditCsvColumns.map(([, value]) => value(event)));
    if (batch.length < AUDIT_EXPORT_BATCH_SIZE) return;
    after = batch.at(-1);
  }
}
