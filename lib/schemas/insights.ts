import "./jitless";
import { z } from "zod";
import { isCountryCode } from "@/lib/country-codes";
import { hhiBands } from "@/lib/insights/concentration";
import { reportingPeriodSchema } from "./disclosure";
import { productCodeSchema } from "./profile";

/** Any figure drawn from fewer companies than this is suppressed (README, "Risk insights"). */
export const K_ANONYMITY_THRESHOLD = 3;

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema).max(60, "validation.tooMany")]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

/** The dashboard's and the API's query: a period (default: the latest with data) and optionally some products. */
export const insightsQuerySchema = z
  .object({ period: reportingPeriodSchema.optional(), product: oneOrMany(productCodeSchema).optional() })
  .strict();
export type InsightsQuery = z.infer<typeof insightsQuerySchema>;

/** A drill-down: the companies behind one product (and optionally one supplier country) in one period. */
export const insightCompaniesQuerySchema = z
  .object({
    period: reportingPeriodSchema,
    product: productCodeSchema,
    country: z.string().refine(isCountryCode, "validation.country").optional(),
  })
  .strict();
export type InsightCompaniesQuery = z.infer<typeof insightCompaniesQuerySchema>;

const suppressionSchema = z
  .enum(["small_group", "complementary"])
  .nullable()
  .meta({
    id: "Suppression",
    description:
      "Why a figure is withheld: `small_group` — drawn from fewer than 3 of the companies the caller may open (companies the caller may not open are left out of every figure); `complementary` — withheld so that another suppressed cell cannot be worked out from its row.",
  });
const figure = (description: string) => z.number().nullable().meta({ description });
const count = (description: string) => z.number().int().nullable().meta({ description });
const name = z.object({ en: z.string(), ja: z.string() });

export const insightProductSchema = z
  .object({
    productCode: z.string(),
    name,
    suppressed: z.boolean().meta({ description: "Every figure of the product is withheld, and its cells are not listed." }),
    suppression: suppressionSchema,
    companyCount: count("Companies whose latest submitted version reports the product (0: no reports)."),
    hhi: count("Supplier-country concentration: the sum of the squared weighted shares, 0–10,000. Given only when every supplier-country cell of the product is published."),
    hhiBand: z.enum(hhiBands).nullable().meta({ description: "DOJ/FTC 2010 bands: below 1,500, 1,500–2,500, above 2,500. Given alone, without `hhi`, when three or more cells of the product are suppressed." }),
    hhiSuppressed: z.boolean().meta({ description: "The exact HHI is withheld: with the product, or because some of its cells are suppressed (then only `hhiBand` is given, or nothing when one or two cells are)." }),
    singleSourceCount: count("Companies with a single-source item for the product."),
    medianInventoryDays: figure("Median over the companies of each one's lowest inventory for the product, in days."),
    change: z
      .object({ companyCount: count(""), hhi: count(""), singleSourceCount: count(""), medianInventoryDays: figure("") })
      .meta({ description: "Against the previous period; null where either period's figure is withheld or absent." }),
  })
  .meta({ id: "InsightProduct" });
export type InsightProduct = z.infer<typeof insightProductSchema>;

export const insightCellSchema = z
  .object({
    productCode: z.string(),
    supplierCountry: z.string().meta({ description: "ISO 3166-1 alpha-2." }),
    suppressed: z.boolean(),
    suppression: suppressionSchema,
    companyCount: count("Companies that source the product from the country."),
    medianDependence: figure("Median of those companies' dependence on the country for the product, in %."),
    weightedShare: figure("The country's part of all supply reported for the product, in % (a product's cells add up to 100)."),
    change: z
      .object({ companyCount: count(""), medianDependence: figure(""), weightedShare: figure("") })
      .meta({ description: "Against the previous period; null where either period's figure is withheld or absent." }),
  })
  .meta({ id: "InsightCell" });
export type InsightCell = z.infer<typeof insightCellSchema>;

export const insightTrendSchema = z
  .object({
    period: z.string(),
    products: z.array(
      z.object({ productCode: z.string(), suppressed: z.boolean(), companyCount: count(""), hhi: count(""), medianInventoryDays: figure("") }),
    ),
  })
  .meta({ id: "InsightTrendPoint" });
export type InsightTrendPoint = z.infer<typeof insightTrendSchema>;

export const exposureInsightsSchema = z
  .object({
    period: z.string(),
    previousPeriod: z.string(),
    periods: z.array(z.string()).meta({ description: "Every period with submitted disclosures, oldest first." }),
    threshold: z.literal(K_ANONYMITY_THRESHOLD),
    products: z.array(insightProductSchema).meta({ description: "The caller's assigned products (or those asked for)." }),
    cells: z.array(insightCellSchema).meta({ description: "Product × supplier country, for the products that are not suppressed." }),
    trend: z.array(insightTrendSchema).meta({ description: "Product figures of up to six periods with data, ending at `period`." }),
  })
  .meta({ id: "ExposureInsights" });
export type ExposureInsights = z.infer<typeof exposureInsightsSchema>;

export const insightCompanySchema = z
  .object({
    organisation: z.object({ id: z.uuid(), name }),
    disclosureId: z.uuid(),
    version: z.number().int(),
    singleSource: z.boolean(),
    inventoryDays: z.number().int(),
    dependence: z.array(z.object({ supplierCountry: z.string(), share: z.number() })),
  })
  .meta({ id: "InsightCompany" });
export type InsightCompany = z.infer<typeof insightCompanySchema>;

export const insightCompaniesSchema = z
  .object({ period: z.string(), productCode: z.string(), supplierCountry: z.string().nullable(), companies: z.array(insightCompanySchema) })
  .meta({ id: "InsightCompanies" });
export type InsightCompanies = z.infer<typeof insightCompaniesSchema>;
