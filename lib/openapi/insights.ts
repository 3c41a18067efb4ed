import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { reportingPeriodSchema } from "@/lib/schemas/disclosure";
import { exposureInsightsSchema } from "@/lib/schemas/insights";
import { productCodeSchema } from "@/lib/schemas/profile";
import { authenticated, problemResponse } from "./shared";

const query = z.object({
  period: reportingPeriodSchema.optional().meta({ description: "The reporting period; default: the latest with submitted disclosures." }),
  product: z.array(productCodeSchema).optional().meta({ description: "Only these products (repeat the parameter); each must be assigned to the caller." }),
});
const refusals = {
  ...authenticated,
  404: problemResponse("A product asked for is outside the caller's assignment, or the caller is not agency staff (company roles, auditors and platform admins); the refusal is audited."),
  422: problemResponse("The period is not of the form 2026-H1, a product code is unknown, or a parameter is unknown; `errors` lists every problem."),
};
const description =
  "Aggregates over the latest submitted version in the period of every company whose disclosures the caller may open (assignment overlap, no declared conflict), within the caller's assigned products: a company the caller may not open is left out of every figure, count and cell. A figure drawn from fewer than 3 companies is null with `suppressed: true`; further cells of a product are withheld (`complementary`) so that no withheld share can be worked out from its row (shares add up to 100, their squares to the HHI). Every call is audited.";

/** The risk-insight endpoints (README, "Risk insights"). */
export function registerInsightPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/api/v1/insights/exposure",
    summary: "Exposure by product and supplier country, with concentration, change and trend (agency staff; k-anonymous)",
    description,
    request: { query },
    responses: { 200: { description: "The picture.", content: { "application/json": { schema: exposureInsightsSchema } } }, ...refusals },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/insights/exposure.csv",
    summary: "The same figures as CSV: a line per product, then per product × supplier country (withheld figures empty)",
    description,
    request: { query },
    responses: { 200: { description: "RFC 4180 CSV with a header row.", content: { "text/csv": { schema: z.string() } } }, ...refusals },
  });
}
