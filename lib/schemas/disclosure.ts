import "./jitless";
import { z } from "zod";
import { disclosureStatuses, mitigationStrategies, reviewDecisions, valueChainStages } from "@/db/schema";
import { isCountryCode } from "@/lib/country-codes";
import { AUDIT_SEARCH_TIME_ZONE, dateTime, decodeCursor, fromNotAfterTo, optional } from "./audit-search";
import { CURSOR_INSTANT, CURSOR_UUID, isCursorInstant, pageSizeSchema } from "./cursor";
import { productCodeSchema } from "./profile";
import { optionalLine, typedCode, visibleLength, writtenText } from "./text";
import { tokyoToday } from "@/lib/i18n/format";

export const reportingPeriodSchema = typedCode()
  .transform((period) => period.toUpperCase())
  .pipe(z.string().regex(/^[2-9][0-9]{3}-H[12]$/, "validation.period"))
  // The pattern as the document states it (the pipe's input is any text, read as its ASCII form first).
  .meta({ id: "ReportingPeriod", description: "A half-year from 2000 on, such as 2026-H2.", example: "2026-H2", type: "string", pattern: "^[2-9][0-9]{3}-H[12]$" });

const days = z.number({ error: "validation.number" }).int("validation.integer").min(0, "validation.days").max(3650, "validation.days");

const HS_CODE = /^[0-9]{4}(\.?[0-9]{2}){0,2}$/;

/** An HS code as the portal keeps it, with its dots (2805.30), however it was typed (280530, ２８０５．３０). */
const dottedHsCode = (code: string) => {
  const digits = code.replaceAll(".", "");
  return [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].filter(Boolean).join(".");
};

export const exposureItemSchema = z
  .object({
    productCode: productCodeSchema,
    hsCode: typedCode()
      .pipe(z.string().regex(HS_CODE, "validation.hsCode"))
      .transform(dottedHsCode)
      .meta({ type: "string", pattern: HS_CODE.source })
      .optional(),
    material: optionalLine(200),
    stage: z.enum(valueChainStages, { error: "validation.stage" }),
    supplierCountry: z.string().refine(isCountryCode, "validation.country"),
    supplierName: optionalLine(200),
    // Two decimals at most, as stored (numeric(5,2)): 50.005 + 49.995 (checked: 100) was kept as 50.01 + 50.00.
    // What passes (within a float's error of the hundredth) is kept as that hundredth: a draft holds what its
    // version will (1e-9 was kept as 1e-9 in the draft, 0.00 in the version).
    sharePercent: z
      .number({ error: "validation.number" })
      .min(0, "validation.share")
      .max(100, "validation.share")
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "validation.shareDecimals")
      .transform((v) => Math.round(v * 100) / 100),
    inventoryDays: days,
    leadTimeDays: days.optional(),
    alternativeSuppliers: z.number({ error: "validation.number" }).int("validation.integer").min(0, "validation.count").max(1000, "validation.count"),
    singleSource: z.boolean({ error: "validation.boolean" }),
    riskFactors: z.array(writtenText({ max: 200, min: 1 })).max(10, "validation.tooMany").optional(),
    mitigation: z
      .object({
        strategy: z.enum(mitigationStrategies, { error: "validation.strategy" }),
        plan: writtenText({ max: 2000, min: 1, lines: true }),
        // After today in Japan, the companies' own calendar (in UTC, from midnight to 09:00 in Japan today was
        // still tomorrow, and accepted as a future date).
        targetDate: z.iso.date("validation.date").refine((d) => d > tokyoToday(), "validation.futureDate"),
      })
      .strict()
      .optional(),
    confidentiality: z
      .object({ claimed: z.boolean({ error: "validation.boolean" }), reason: writtenText({ max: 1000, lines: true }).optional() })
      .strict()
      .refine((c) => !c.claimed || visibleLength(c.reason ?? "") > 0, { message: "validation.confidentialityReason", path: ["reason"] })
      .optional(),
  })
  .strict()
  .meta({ id: "ExposureItem", description: "One exposure: a critical product at one value-chain stage, supplied from one country." });

export type ExposureItem = z.infer<typeof exposureItemSchema>;

/**
 * The items of one disclosure; shares from one country add up to at most 100 per product and stage, and
 * no item is entered twice (every field the same: a slip that would count its share twice).
 */
export const exposureItemsSchema = z
  .array(exposureItemSchema)
  .max(200, "validation.tooMany")
  .superRefine((items, ctx) => {
    const totals = new Map<string, number>();
    for (const item of items) {
      const key = `${item.productCode}/${item.stage}`;
      totals.set(key, (totals.get(key) ?? 0) + (Number.isFinite(item.sharePercent) ? item.sharePercent : 0));
    }
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if ((totals.get(`${item.productCode}/${item.stage}`) ?? 0) > 100 + 1e-9) {
        ctx.addIssue({ code: "custom", path: [i, "sharePercent"], message: "validation.shareTotal" });
      }
      // Parsed items list their fields in the schema's order, so equal items give equal text.
      const text = JSON.stringify(item);
      if (seen.has(text)) ctx.addIssue({ code: "custom", path: [i, "productCode"], message: "validation.duplicateItem" });
      seen.add(text);
    });
  });

const notesSchema = writtenText({ max: 4000, lines: true });

export const createDisclosureSchema = z
  .object({ reportingPeriod: reportingPeriodSchema, items: exposureItemsSchema.default([]), notes: notesSchema.optional() })
  .strict()
  .meta({ id: "CreateDisclosure" });
export type CreateDisclosureInput = z.infer<typeof createDisclosureSchema>;

export const updateDisclosureSchema = z
  .object({ items: exposureItemsSchema.optional(), notes: notesSchema.optional() })
  .strict()
  .refine((v) => v.items !== undefined || v.notes !== undefined, { message: "validation.nothingToChange", path: [] })
  .meta({ id: "UpdateDisclosure", description: "Replaces the draft's items and/or notes; send the draft's revision in If-Match." });
export type UpdateDisclosureInput = z.infer<typeof updateDisclosureSchema>;

export const reviewInputSchema = z
  .object({
    decision: z.enum(reviewDecisions, { error: "validation.decision" }),
    comment: writtenText({ max: 4000, lines: true }).default(""),
    version: z
      .number("validation.integer")
      .int("validation.integer")
      .min(1, "validation.positiveInteger")
      .optional()
      .meta({ description: "The version the reviewer read and decides on. When a newer one has been submitted since, the review is refused (409); without it, the latest version is reviewed." }),
  })
  .strict()
  .refine((r) => r.decision === "accept" || visibleLength(r.comment) > 0, { message: "validation.required", path: ["comment"] })
  .meta({ id: "ReviewInput" });
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export const breakGlassSchema = z
  .object({
    // Twenty characters that can be seen: invisible ones (zero-width spaces, joiners) make no justification.
    justification: writtenText({ max: 2000, min: 20, short: "validation.justification", lines: true }),
  })
  .strict()
  .meta({ id: "BreakGlassInput", description: "Why a disclosure outside the approver's assignment must be opened." });

export const disclosureStatusSchema = z.enum(disclosureStatuses).meta({ id: "DisclosureStatus" });

// Items as stored and answered: the same fields, without re-checking rules that held when they were saved.
const storedItemSchema = exposureItemSchema
  .extend({
    productCode: z.string(),
    supplierCountry: z.string(),
    mitigation: z.object({ strategy: z.enum(mitigationStrategies), plan: z.string(), targetDate: z.string() }).optional(),
    confidentiality: z.object({ claimed: z.boolean(), reason: z.string().optional() }).optional(),
  })
  .meta({ id: "StoredExposureItem" });

export const disclosureSummarySchema = z
  .object({
    id: z.uuid(),
    organisation: z.object({ id: z.uuid(), name: z.object({ en: z.string(), ja: z.string() }) }),
    reportingPeriod: z.string(),
    status: disclosureStatusSchema,
    latestVersion: z.number().int(),
    updatedAt: z.string().meta({
      description: "The last change: for the company, any (a save of the draft too); for agency staff, the last they may see (a submission, a withdrawal, a review).",
    }),
  })
  .meta({ id: "DisclosureSummary" });
export type DisclosureSummary = z.infer<typeof disclosureSummarySchema>;

export const reviewSchema = z
  .object({
    id: z.uuid(),
    versionNumber: z.number().int(),
    decision: z.enum(reviewDecisions),
    comment: z.string(),
    reviewer: z.string().meta({ description: "The reviewer's name for agency staff; a stable pseudonym for the company." }),
    createdAt: z.string(),
  })
  .meta({ id: "Review" });

export const disclosureSchema = disclosureSummarySchema
  .extend({
    revision: z.number().int().nullable().meta({ description: "The company's only (null for agency staff): the working copy's revision, to send in If-Match to save." }),
    editable: z.boolean(),
    items: z.array(storedItemSchema).meta({ description: "The working copy for the company; the latest submitted version for agency staff." }),
    notes: z.string().nullable(),
    versions: z.array(z.object({ number: z.number().int(), submittedAt: z.string() })),
    reviews: z.array(reviewSchema),
  })
  .meta({ id: "Disclosure" });
export type Disclosure = z.infer<typeof disclosureSchema>;

/** The working copy's revision of a disclosure its company read (agency staff are given none). */
export function ownRevision(disclosure: Pick<Disclosure, "revision">): number {
  if (disclosure.revision === null) throw new Error("This disclosure was read by agency staff: it carries no revision of the working copy.");
  return disclosure.revision;
}

export const disclosureVersionSchema = z
  .object({
    disclosureId: z.uuid(),
    number: z.number().int(),
    notes: z.string().nullable(),
    submittedAt: z.string(),
    items: z.array(storedItemSchema),
  })
  .meta({ id: "DisclosureVersion" });
export type DisclosureVersion = z.infer<typeof disclosureVersionSchema>;

/** Keyset position in a list ordered by (updatedAt, id), newest first. */
export interface DisclosureCursor {
  updatedAt: string;
  id: string;
}
const CURSOR_BODY = new RegExp(`^d1\\|(${CURSOR_INSTANT.source})\\|(${CURSOR_UUID.source})$`);

export function encodeDisclosureCursor(cursor: DisclosureCursor): string {
  return Buffer.from(`d1|${cursor.updatedAt}|${cursor.id}`, "utf8").toString("base64url");
}

export function decodeDisclosureCursor(value: string): DisclosureCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const m = CURSOR_BODY.exec(Buffer.from(value, "base64url").toString("utf8"));
  return m && isCursorInstant(m[1]!) && encodeDisclosureCursor({ updatedAt: m[1]!, id: m[2]! }) === value ? { updatedAt: m[1]!, id: m[2]! } : null;
}

export const disclosureListQuerySchema = z
  .object({
    period: optional(reportingPeriodSchema),
    status: optional(z.enum(disclosureStatuses, { error: "validation.status" })),
    queue: optional(z.enum(["true", "false"], { error: "validation.boolean" }).transform((v) => v === "true")),
    cursor: optional(
      z.string().transform((value, ctx) => decodeDisclosureCursor(value) ?? (ctx.addIssue({ code: "custom", message: "validation.cursor" }), z.NEVER)),
    ),
    limit: pageSizeSchema(100, 25),
  })
  .strict();
export type DisclosureListQuery = z.infer<typeof disclosureListQuerySchema>;

export const disclosurePageSchema = z
  .object({ items: z.array(disclosureSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: "DisclosurePage" });
export type DisclosurePage = z.infer<typeof disclosurePageSchema>;

export const accessLogEntrySchema = z
  .object({
    id: z.number().int(),
    occurredAt: z.string(),
    action: z.string(),
    outcome: z.string(),
    party: z.enum(["government", "another_company", "platform_operator", "audit_body", "unknown"]).meta({
      description: "Who acted: government staff, or — for a refused attempt only — a user of another company, the platform's operator or an auditor, never named.",
    }),
    agency: z.object({ en: z.string(), ja: z.string() }).nullable().meta({ description: "The official's agency; null for anyone else." }),
    role: z.string().nullable(),
    official: z.string().meta({
      description: "A stable pseudonym of the official, the same for every access by that person to this company; \"—\" for anyone else, and for a conflict the official declared with the company (it would tell who they are).",
    }),
    purpose: z.string().nullable(),
    breakGlass: z.boolean(),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  })
  .meta({ id: "AccessLogEntry" });
export type AccessLogEntry = z.infer<typeof accessLogEntrySchema>;

/** The access log's filters, combined with AND. */
const accessLogFilterShape = {
  breakGlass: optional(z.enum(["true", "false"], { error: "validation.boolean" }).transform((v) => v === "true")).meta({ description: "`true`: only accesses opened with break-glass (outside assignment, with a written justification)." }),
  from: optional(dateTime.meta({ description: `Accesses at or after this ISO 8601 date-time (${AUDIT_SEARCH_TIME_ZONE} time when it has no offset).` })),
  to: optional(dateTime.meta({ description: `Accesses at or before this ISO 8601 date-time (${AUDIT_SEARCH_TIME_ZONE} time when it has no offset); not before \`from\`.` })),
};

export const accessLogQuerySchema = z
  .object({
    ...accessLogFilterShape,
    cursor: optional(
      z
        .string()
        .max(200, "validation.cursor")
        .transform((value, ctx) => decodeCursor(value) ?? (ctx.addIssue({ code: "custom", message: "validation.cursor" }), z.NEVER)),
    ),
    limit: pageSizeSchema(200, 50),
  })
  .strict()
  .superRefine(fromNotAfterTo);

/** The same filters without paging: an export holds every matching entry. */
export const accessLogExportSchema = z
  .object(accessLogFilterShape)
  .strict()
  .superRefine(fromNotAfterTo)
  .meta({ id: "AccessLogExportFilters", description: "Filters of the access log export; all optional and combined with AND." });
export type AccessLogFilters = z.output<typeof accessLogExportSchema>;
