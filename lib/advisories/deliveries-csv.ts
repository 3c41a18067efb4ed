import { csvLine } from "@/lib/csv/encode";
import type { DeliveryRow } from "@/lib/schemas/advisory";

const header = ["company_id", "company", "company_ja", "delivered_at", "revision", "first_read_at", "first_read_by", "read_revision", "acknowledged_at", "acknowledged_by", "acknowledged_revision", "note"];

/** An advisory's delivery progress as RFC 4180 CSV (formula-safe), one row per targeted company. */
export function deliveriesCsv(rows: readonly DeliveryRow[]): string {
  return [
    csvLine(header),
    ...rows.map((r) =>
      csvLine([r.company.id, r.company.name.en, r.company.name.ja, r.deliveredAt, r.revision, r.firstReadAt, r.firstReadBy, r.readRevision, r.acknowledgedAt, r.acknowledgedBy, r.acknowledgedRevision, r.acknowledgementNote]),
    ),
  ].join("");
}
