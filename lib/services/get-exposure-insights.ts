import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { buildInsights } from "@/lib/insights/build";
import { defaultPeriod, previousPeriod, trendPeriods } from "@/lib/insights/periods";
import { insightsQuerySchema, type ExposureInsights } from "@/lib/schemas/insights";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { enterRowSecurity } from "./internal/row-security";
import { assignedProducts, exposureAggregates, narrowToAssignment, periodsWithData } from "./internal/insights";
import { withTx } from "./transaction";

/** Periods shown in a trend, the chosen one included. */
export const TREND_PERIODS = 6;

/**
 * Aggregate exposure for agency staff: per assigned product and per product × supplier country, for one
 * period (default: the latest with submitted disclosures that has begun, in Japan), with the change against the previous period
 * and a trend, over the companies the viewer may open only. Computed and suppressed in the database
 * (`insights_exposure`, migrations 0008, 0011, 0023); every view
 * is recorded. Other roles learn nothing (404); a product outside assignment is 404 too.
 */
export async function getExposureInsights({ ctx, input }: ServiceCall<{ query: Record<string, unknown>; format: "page" | "json" | "csv" }>): Promise<ExposureInsights> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "insights.read", undefined, { hidden: true });
    const query = parseInput(insightsQuerySchema, input.query, "(query)");
    const products = narrowToAssignment(await assignedProducts(tx, actor.userId), query.product, "insights.read");
    await enterRowSecurity(tx, actor);
    const periods = await periodsWithData(tx);
    const period = query.period ?? defaultPeriod(periods, new Date());
    const previous = previousPeriod(period);
    const trend = trendPeriods(period, periods, TREND_PERIODS);
    const codes = products.map((p) => p.code);
    const rows = await exposureAggregates(tx, [...new Set([...trend, previous])], codes);
    await emit(tx, ctx, { action: "insights.view", outcome: "allowed", details: { period, products: codes, format: input.format } });
    return buildInsights({ rows, products, period, previousPeriod: previous, periods, trendPeriods: trend });
  });
}
