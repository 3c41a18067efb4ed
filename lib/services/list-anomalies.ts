import { anomalyConfig, findAnomalies } from "@/lib/audit/anomalies";
import { anomalyQuerySchema, type AnomalyReport } from "@/lib/schemas/anomaly-query";
import type { ServiceCall } from "./context";
import { auditorQuery, readingAuditLog } from "./internal/audit-events";
import { withTx } from "./transaction";

/**
 * The anomaly flags of a time range (default: the last seven days), for auditors only (anyone else:
 * 404, audited). The input is the raw query, validated after the permission. Reading the report is
 * not itself recorded: it summarises events and links to them, and the search and the opening of an
 * event it leads to are recorded.
 */
export async function listAnomalies({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AnomalyReport> {
  return withTx(ctx, async (tx) => {
    const range = auditorQuery(ctx, "audit.read", anomalyQuerySchema, input);
    const config = anomalyConfig();
    const { flags, truncated } = await readingAuditLog(ctx, tx, (reader) => findAnomalies(reader, range, config));
    return { from: range.from, to: range.to, thresholds: config, flags, truncated };
  });
}
