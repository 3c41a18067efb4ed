import { csvLine } from "@/lib/csv/encode";
import type { Acknowledgement, DeliveryRow } from "@/lib/schemas/advisory";

const header = [
  "company_id",
  "company",
  "company_ja",
  "delivered_at",
  "revision",
  "first_read_at",
  "first_read_by",
  "read_revision",
  "acknowledged_at",
  "acknowledged_by",
  "acknowledged_revision",
  "note",
  "earlier_acknowledgements",
];

/** One earlier acknowledgement as a line of its cell: which revision, when, by whom, and the note as given. */
const earlier = (a: Acknowledgement) => `revision ${a.revision}, ${a.at}, ${a.by}${a.note === null ? "" : `: ${a.note}`}`;

/**
 * An advisory's delivery progress as RFC 4180 CSV (formula-safe), one row per targeted company: the latest
 * acknowledgement in its columns, as the list on the page shows it, and the ones before it, oldest first,
 * one a line in the last column (a company's earlier notes are its statements too, and kept: migration 0039).
 */
export function deliveriesCsv(rows: readonly DeliveryRow[]): string {
  return [
    csvLine(header),
    ...rows.map((r) =>
      csvLine([
        r.company.id,
        r.company.name.en,
        r.company.name.ja,
        r.deliveredAt,
        r.revision,
        r.firstReadAt,
        r.firstReadBy,
        r.readRevision,
        r.acknowledgedAt,
        r.acknowledgedBy,
        r.acknowledgedRevision,
        r.acknowledgementNote,
        r.acknowledgements
          .filter((a) => a.revision !== r.acknowledgedRevision)
          .map(earlier)
          .join("\n"),
      ]),
    ),
  ].join("");
}
