import { asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { criticalProducts, productAssignments } from "@/db/schema";
import type { AggregateRow, AssignedProduct } from "@/lib/insights/build";
import type { HhiBand } from "@/lib/insights/concentration";
import { NotFoundError, withDenial } from "../errors";
import { serviceMessage } from "../messages";

export async function assignedProducts(tx: Executor, userId: string): Promise<AssignedProduct[]> {
  return tx
    .select({ code: criticalProducts.code, nameEn: criticalProducts.nameEn, nameJa: criticalProducts.nameJa })
    .from(productAssignments)
    .innerJoin(criticalProducts, eq(criticalProducts.code, productAssignments.productCode))
    .where(eq(productAssignments.userId, userId))
    .orderBy(asc(criticalProducts.code));
}

/** The products asked for, each of which must be assigned to the viewer; any other answers 404 (audited). */
export function narrowToAssignment(assigned: readonly AssignedProduct[], asked: readonly string[] | undefined, attempted: string): AssignedProduct[] {
  if (!asked) return [...assigned];
  const byCode = new Map(assigned.map((p) => [p.code, p]));
  const outside = asked.find((code) => !byCode.has(code));
  if (outside) {
    throw withDenial(new NotFoundError(serviceMessage("noProductInAssignment")), {
      action: "access.denied",
      outcome: "denied",
      target: { type: "critical_product", id: outside },
      details: { attempted, reason: "outside_assignment" },
    });
  }
  return [...new Set(asked)].map((code) => byCode.get(code)!);
}

type RawRow = {
  period: string;
  product_code: string;
  supplier_country: string | null;
  company_count: number | null;
  median_dependence: string | number | null;
  weighted_share: string | number | null;
  hhi: number | null;
  hhi_band: HhiBand | null;
  hhi_suppressed: boolean | null;
  single_source_count: number | null;
  median_inventory_days: string | number | null;
  suppressed: boolean;
  suppression: "small_group" | "complementary" | null;
};

const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * The aggregates of `insights_exposure()` (migrations 0008, 0011, 0023): a SECURITY DEFINER function that
 * reads the latest submitted versions of the companies the viewer may open, and of those only, and answers
 * only suppressed aggregates. Called as app_rls (inside enterRowSecurity) through
 * `insights_exposure_mine()` (migration 0030), which takes the viewer from the request's own settings: the
 * request role cannot ask for anyone else's figures; and which gives the exact HHI only where no cell of
 * the product is withheld, else its band (migration 0035).
 */
export async function exposureAggregates(tx: Executor, periods: readonly string[], products: readonly string[]): Promise<AggregateRow[]> {
  if (!periods.length || !products.length) return [];
  const rows = rowsOf<RawRow>(
    await tx.execute(sql`select * from insights_exposure_mine(string_to_array(${periods.join(",")}, ','), string_to_array(${products.join(",")}, ','))`),
  );
  return rows.map((r) => ({
    period: r.period,
    productCode: r.product_code,
    supplierCountry: r.supplier_country,
    companyCount: r.company_count,
    medianDependence: num(r.median_dependence),
    weightedShare: num(r.weighted_share),
    hhi: r.hhi,
    hhiBand: r.hhi_band,
    hhiSuppressed: r.hhi_suppressed,
    singleSourceCount: r.single_source_count,
    medianInventoryDays: num(r.median_inventory_days),
    suppressed: r.suppressed,
    suppression: r.suppression,
  }));
}

/** The periods in which companies the viewer may open submitted disclosures, oldest first (migration 0030). */
export async function periodsWithData(tx: Executor): Promise<string[]> {
  return rowsOf<{ period: string }>(await tx.execute(sql`select p as period from insights_periods_mine() p`)).map((r) => r.period);
}
