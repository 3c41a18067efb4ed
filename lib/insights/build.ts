import { K_ANONYMITY_THRESHOLD, type ExposureInsights, type InsightCell, type InsightProduct } from "@/lib/schemas/insights";
import type { HhiBand } from "./concentration";

/** One row of `insights_exposure()` (migration 0008): already aggregated and suppressed by the database. */
export interface AggregateRow {
  period: string;
  productCode: string;
  /** null on the product's own row. */
  supplierCountry: string | null;
  companyCount: number | null;
  medianDependence: number | null;
  weightedShare: number | null;
  /** Given only when every supplier-country cell of the product is published (migration 0035). */
  hhi: number | null;
  /** The HHI's band: also given where the exact HHI is withheld because three or more cells are. */
  hhiBand: HhiBand | null;
  hhiSuppressed: boolean | null;
  singleSourceCount: number | null;
  medianInventoryDays: number | null;
  suppressed: boolean;
  suppression: "small_group" | "complementary" | null;
}

export interface AssignedProduct {
  code: string;
  nameEn: string;
  nameJa: string;
}

/** A change is shown only where both periods show the figure: a difference must not reveal a withheld value. */
const change = (now: number | null | undefined, before: number | null | undefined) =>
  now === null || now === undefined || before === null || before === undefined ? null : Math.round((now - before) * 10) / 10;

function productOf(product: AssignedProduct, row: AggregateRow | undefined, before: AggregateRow | undefined, previousHasData: boolean): InsightProduct {
  // No row: no company reported the product in the period (nothing to protect). A previous period in which
  // nobody submitted anything at all gives no change, rather than a change from zero.
  const companyCount = row ? row.companyCount : 0;
  const previousCount = !previousHasData ? null : before ? before.companyCount : 0;
  const hhi = row?.hhi ?? null;
  return {
    productCode: product.code,
    name: { en: product.nameEn, ja: product.nameJa },
    suppressed: row?.suppressed ?? false,
    suppression: row?.suppression ?? null,
    companyCount,
    hhi,
    hhiBand: row?.hhiBand ?? null,
    hhiSuppressed: row?.hhiSuppressed ?? false,
    singleSourceCount: row?.singleSourceCount ?? null,
    medianInventoryDays: row?.medianInventoryDays ?? null,
    change: {
      companyCount: change(companyCount, previousCount),
      hhi: change(hhi, before?.hhi),
      singleSourceCount: change(row?.singleSourceCount, before?.singleSourceCount),
      medianInventoryDays: change(row?.medianInventoryDays, before?.medianInventoryDays),
    },
  };
}

function cellOf(row: AggregateRow, before: AggregateRow | undefined): InsightCell {
  return {
    productCode: row.productCode,
    supplierCountry: row.supplierCountry!,
    suppressed: row.suppressed,
    suppression: row.suppression,
    companyCount: row.companyCount,
    medianDependence: row.medianDependence,
    weightedShare: row.weightedShare,
    change: {
      companyCount: change(row.companyCount, before?.companyCount),
      medianDependence: change(row.medianDependence, before?.medianDependence),
      weightedShare: change(row.weightedShare, before?.weightedShare),
    },
  };
}

/**
 * The dashboard's picture from the database's aggregate rows. Nothing here sees a withheld value: the
 * rows arrive suppressed, and published cells are ordered by their share while withheld ones follow in
 * country order, so not even their rank is given away.
 */
export function buildInsights(args: {
  rows: readonly AggregateRow[];
  products: readonly AssignedProduct[];
  period: string;
  previousPeriod: string;
  periods: readonly string[];
  trendPeriods: readonly string[];
}): ExposureInsights {
  const key = (period: string, product: string, country: string | null) => `${period}|${product}|${country ?? ""}`;
  const byKey = new Map(args.rows.map((r) => [key(r.period, r.productCode, r.supplierCountry), r]));
  const products = [...args.products].sort((a, b) => a.code.localeCompare(b.code));
  const assigned = new Set(products.map((p) => p.code));

  const cells = args.rows
    .filter((r) => r.period === args.period && r.supplierCountry !== null && assigned.has(r.productCode))
    .map((r) => cellOf(r, byKey.get(key(args.previousPeriod, r.productCode, r.supplierCountry))))
    .sort(
      (a, b) =>
        a.productCode.localeCompare(b.productCode) ||
        Number(a.suppressed) - Number(b.suppressed) ||
        (b.weightedShare ?? 0) - (a.weightedShare ?? 0) ||
        a.supplierCountry.localeCompare(b.supplierCountry),
    );

  return {
    period: args.period,
    previousPeriod: args.previousPeriod,
    periods: [...args.periods],
    threshold: K_ANONYMITY_THRESHOLD,
    products: products.map((p) =>
      productOf(p, byKey.get(key(args.period, p.code, null)), byKey.get(key(args.previousPeriod, p.code, null)), args.periods.includes(args.previousPeriod)),
    ),
    cells,
    trend: args.trendPeriods.map((period) => ({
      period,
      products: products.map((p) => {
        const row = byKey.get(key(period, p.code, null));
        return { productCode: p.code, suppressed: row?.suppressed ?? false, companyCount: row ? row.companyCount : 0, hhi: row?.hhi ?? null, medianInventoryDays: row?.medianInventoryDays ?? null };
      }),
    })),
  };
}
