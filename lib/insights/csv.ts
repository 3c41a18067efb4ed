import { csvLine } from "@/lib/csv/encode";
import type { ExposureInsights } from "@/lib/schemas/insights";

const header = [
  "period",
  "level",
  "product_code",
  "supplier_country",
  "suppressed",
  "suppression",
  "company_count",
  "median_dependence_pct",
  "weighted_share_pct",
  "hhi",
  "hhi_band",
  "hhi_suppressed",
  "single_source_count",
  "median_inventory_days",
  "change_company_count",
  "change_median_dependence_pct",
  "change_weighted_share_pct",
  "change_hhi",
  "change_single_source_count",
  "change_median_inventory_days",
];

/** The period's figures as CSV: one line per product, then one per product × supplier country; withheld figures are empty. */
export function insightsCsv(result: ExposureInsights): string {
  const lines = [csvLine(header)];
  for (const p of result.products) {
    lines.push(
      csvLine([
        result.period, "product", p.productCode, "", p.suppressed, p.suppression, p.companyCount, null, null, p.hhi, p.hhiBand, p.hhiSuppressed,
        p.singleSourceCount, p.medianInventoryDays, p.change.companyCount, null, null, p.change.hhi, p.change.singleSourceCount, p.change.medianInventoryDays,
      ]),
    );
  }
  for (const c of result.cells) {
    lines.push(
      csvLine([
        result.period, "cell", c.productCode, c.supplierCountry, c.suppressed, c.suppression, c.companyCount, c.medianDependence, c.weightedShare, null, null, null,
        null, null, c.change.companyCount, c.change.medianDependence, c.change.weightedShare, null, null, null,
      ]),
    );
  }
  return lines.join("");
}
