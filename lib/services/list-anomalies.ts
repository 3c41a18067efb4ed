import { anomalyConfig, findAnomalies } from "@/lib/audit/anomalies";
import { requirePermission } from "@/lib/authz/policy";
import en from "@/lib/i18n/messages/en.json";
import { englishMessage } from "@/lib/i18n/validation";
import { auditFilterErrors } from "@/lib/schemas/audit-search";
import { anomalyQuerySchema, type AnomalyReport } from "@/lib/schemas/anomaly-query";
import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { withTx } from "./transaction";

/** A message key of the range's schema in English, as the API answers it. */
export function anomalyQueryMessage(message: string): string {
  return message === "anomalies.rangeTooLong" ? en.anomalies.rangeTooLong : englishMessage(message);
}

/**
 * The anomaly flags of a time range (default: the last seven days), for auditors only (anyone else:
 * 404, audited). The input is the raw query, validated after the permission. Reading the report is
 * not itself recorded: it summarises events and links to them, and the search and the opening of an
 * event it leads to are recorded.
 */
export async function listAnomalies({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AnomalyReport> {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "audit.read", undefined, { hidden: true });
    const parsed = anomalyQuerySchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(auditFilterErrors(parsed.error).map((e) => ({ ...e, message: anomalyQueryMessage(e.message) })));
    }
    const config = anomalyConfig();
    const { flags, truncated } = await findAnomalies(tx, parsed.data, config);
    return { from: parsed.data.from, to: parsed.data.to, thresholds: config, flags, truncated };
  });
}
