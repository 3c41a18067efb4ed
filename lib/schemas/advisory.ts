import "./jitless";
import { z } from "zod";
import { showsWhatItHolds, visibleLength, writtenText } from "./text";
import { advisorySeverities, advisoryStatuses, revisionStates, tlpLabels } from "@/db/schema";
import { isCountryCode } from "@/lib/country-codes";
import { locales } from "@/lib/i18n/locale";
import { optional } from "./blank";
import { CURSOR_INSTANT, CURSOR_UUID, isCursorInstant, pageSizeSchema } from "./cursor";
import { productCodeSchema, sectorCodeSchema } from "./profile";

/** A Markdown body may be at most 100 kB of UTF-8. */
export const ADVISORY_BODY_MAX_BYTES = 100 * 1024;
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

const unique = <T>(values: T[]) => new Set(values).size === values.length;

export const advisorySeveritySchema = z.enum(advisorySeverities, { error: "advisories.validation.severity" }).meta({ id: "AdvisorySeverity" });
export const tlpSchema = z
  .enum(tlpLabels, { error: "advisories.validation.tlp" })
  .meta({ id: "TlpLabel", description: "Traffic Light Protocol 2.0 label: who the recipients may share the advisory with." });
export const advisoryStatusSchema = z.enum(advisoryStatuses).meta({ id: "AdvisoryStatus" });

export const advisoryTargetsSchema = z
  .object({
    products: z.array(productCodeSchema).max(60, "validation.tooMany").refine(unique, "advisories.validation.duplicate").default([]),
    countries: z
      .array(z.string().refine(isCountryCode, "validation.country"))
      .max(250, "validation.tooMany")
      .refine(unique, "advisories.validation.duplicate")
      .default([]),
    sectors: z.array(sectorCodeSchema).max(60, "validation.tooMany").refine(unique, "advisories.validation.duplicate").default([]),
    organisations: z.array(z.uuid("validation.uuid")).max(500, "validation.tooMany").refine(unique, "advisories.validation.duplicate").default([]),
  })
  .strict()
  .refine((t) => t.products.length + t.countries.length + t.sectors.length + t.organisations.length > 0, {
    message: "advisories.validation.targetsEmpty",
    path: [],
  })
  .meta({
    id: "AdvisoryTargets",
    description:
      "Companies dealing in any of the products (their profile), companies whose latest disclosure sources from any of the countries (for one of the products, when products are given too), companies of any of the sectors (their profile), and the named companies. At least one target.",
  });
/** What a caller sends (lists it leaves out are empty). */
export type AdvisoryTargetsInput = z.input<typeof advisoryTargetsSchema>;

const title = writtenText({ max: 200, min: 1 });
const summary = writtenText({ max: 2000, min: 1, lines: true });
const body = z
  .string()
  .trim()
  .refine((text) => utf8Bytes(text) <= ADVISORY_BODY_MAX_BYTES, "advisories.validation.bodyTooLarge")
  .refine((text) => showsWhatItHolds(text, true), "validation.hiddenCharacters")
  .refine((text) => visibleLength(text) > 0, "validation.required")
  .meta({ description: "Markdown, at most 100 kB of UTF-8. Raw HTML is not rendered; links may only be http(s) or mailto." });
const changeSummary = writtenText({ max: 1000, min: 1, lines: true });

const content = { title, summary, body, severity: advisorySeveritySchema, tlp: tlpSchema, targets: advisoryTargetsSchema };

export const createAdvisorySchema = z
  .object({ ...content, supersedes: z.uuid("validation.uuid").optional().meta({ description: "A published advisory this one replaces once it is published." }) })
  .strict()
  .meta({ id: "CreateAdvisory" });
export type CreateAdvisoryInput = z.input<typeof createAdvisorySchema>;

export const updateAdvisorySchema = z
  .object({
    title: title.optional(),
    summary: summary.optional(),
    body: body.optional(),
    severity: advisorySeveritySchema.optional(),
    tlp: tlpSchema.optional(),
    targets: advisoryTargetsSchema.optional(),
    changeSummary: changeSummary.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "advisories.validation.nothingToChange", path: [] })
  .meta({ id: "UpdateAdvisory", description: "Changes the working (draft) revision; optionally with If-Match: the advisory's version." });
export type UpdateAdvisoryInput = z.input<typeof updateAdvisorySchema>;

export const reviseAdvisorySchema = z
  .object({ ...content, changeSummary })
  .strict()
  .meta({ id: "ReviseAdvisory", description: "The content of the next revision of a published advisory, and what changed." });
export type ReviseAdvisoryInput = z.input<typeof reviseAdvisorySchema>;

export const withdrawAdvisorySchema = z
  .object({ reason: writtenText({ max: 2000, min: 10, short: "advisories.validation.reason", lines: true }) })
  .strict()
  .meta({ id: "WithdrawAdvisory" });

/** A revision the caller names as the one they read (a positive whole number); absent, the current one. */
const revisionRead = z.number("validation.integer").int("validation.integer").min(1, "validation.positiveInteger").optional();

export const approveAdvisorySchema = z
  .object({
    revision: revisionRead.meta({ description: "The revision the approver read and approves. When another is awaiting approval by now, the approval is refused (409) and nothing is published; the portal's own form always sends it." }),
  })
  .strict()
  .meta({ id: "ApproveAdvisory" });
export type ApproveAdvisoryInput = z.infer<typeof approveAdvisorySchema>;

export const returnAdvisorySchema = z
  .object({
    reason: writtenText({ max: 2000, min: 1, lines: true }).meta({ description: "What should change: kept with the revision and shown to its writers while it is a draft again." }),
    revision: revisionRead.meta({ description: "The revision the caller read and returns. When another is awaiting approval by now, the return is refused (409) and nothing changes; the portal's own form always sends it." }),
  })
  .strict()
  .meta({ id: "ReturnAdvisory", description: "Returns the revision awaiting approval to its writers as a draft, with what should change." });
export type ReturnAdvisoryInput = z.input<typeof returnAdvisorySchema>;

export const acknowledgeAdvisorySchema = z
  .object({
    note: writtenText({ max: 2000, lines: true }).optional(),
    revision: revisionRead.meta({ description: "The revision the reader saw and acknowledges. When a newer one has been delivered since, the acknowledgement is refused (409); without it, the newest delivered is acknowledged." }),
  })
  .strict()
  .meta({ id: "AcknowledgeAdvisory" });
export type AcknowledgeAdvisoryInput = z.infer<typeof acknowledgeAdvisorySchema>;

export const reachRequestSchema = z.object({ targets: advisoryTargetsSchema }).strict().meta({ id: "ReachRequest" });

// ---- Answers ----

const names = z.object({ en: z.string(), ja: z.string() });
const companyRef = z.object({ id: z.uuid(), name: names });
const advisoryRef = z.object({ id: z.uuid(), reference: z.string() });
const person = z.object({ id: z.uuid(), name: z.string() });

export const reachSchema = z
  .object({
    count: z.number().int().meta({
      description:
        "The companies the targets reach now: `companies` and `unnamed` together (with supplier countries, `unnamed` is null and `count` leaves out the companies outside the caller's assignment). A named company outside the caller's assignment that the products, countries or sectors reach too is counted in both (which one it is would tell what it discloses).",
    }),
    companies: z.array(companyRef).meta({ description: "Those the caller may know of: named in the targets, or within the caller's assignment and not behind a conflict the caller declared." }),
    unnamed: z.number().int().nullable().meta({
      description:
        "Companies the products or sectors reach outside the caller's assignment, counted only (whether or not the caller named them). Null when the targets name supplier countries: which of those companies source from them is read from their disclosures, and even a count would tell it (one query per country); they may be reached, and are neither named nor counted.",
    }),
  })
  .meta({ id: "AdvisoryReach", description: "The companies the targets reach now (agency staff only)." });
export type AdvisoryReach = z.infer<typeof reachSchema>;

export const deliveryStateSchema = z
  .object({
    deliveredAt: z.string(),
    revision: z.number().int().meta({ description: "The newest revision delivered." }),
    revisedAt: z.string().nullable(),
    firstReadAt: z.string().nullable(),
    unread: z.boolean().meta({ description: "The newest revision has not been opened yet." }),
    acknowledgedAt: z.string().nullable(),
    acknowledgedRevision: z.number().int().nullable(),
    acknowledgementNote: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
  })
  .meta({ id: "AdvisoryDeliveryState" });
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const acknowledgementSchema = z
  .object({
    revision: z.number().int().meta({ description: "The revision acknowledged." }),
    at: z.string(),
    by: z.string().meta({ description: "The name of the company's user who acknowledged it." }),
    note: z.string().nullable().meta({ description: "The company's note for the agency, as it was given." }),
  })
  .meta({ id: "AdvisoryAcknowledgement", description: "One acknowledgement a company gave: each is kept as given, never changed." });
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;
const acknowledgementHistory = z
  .array(acknowledgementSchema)
  .meta({
    description:
      "Every acknowledgement the company gave, oldest first, one per revision acknowledged; the last is the one in `acknowledgedAt`, `acknowledgedBy`, `acknowledgedRevision` and `acknowledgementNote`.",
  });

export const ownDeliverySchema = deliveryStateSchema
  .extend({ acknowledgements: acknowledgementHistory })
  .meta({ id: "AdvisoryOwnDelivery", description: "Companies: this company's delivery, with every acknowledgement it gave." });
export type OwnDelivery = z.infer<typeof ownDeliverySchema>;

export const progressSchema = z
  .object({ delivered: z.number().int(), read: z.number().int(), acknowledged: z.number().int() })
  .meta({ id: "AdvisoryProgress" });

export const advisorySummarySchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    status: advisoryStatusSchema,
    revision: z.number().int(),
    title: z.string(),
    summary: z.string().meta({ description: "Empty under limited disclosure (TLP AMBER, AMBER+STRICT, RED), whose every reading is recorded on the advisory's page, and for a withdrawn advisory (companies)." }),
    severity: advisorySeveritySchema,
    tlp: tlpSchema,
    lastPublishedAt: z.string().nullable(),
    updatedAt: z.string().meta({ description: "Agency staff: the last change, drafts included. Companies: the last publication or the withdrawal." }),
    workingState: z.enum(revisionStates).nullable().meta({ description: "Agency staff: the state of a revision being drafted or awaiting approval." }),
    delivery: deliveryStateSchema.nullable().meta({ description: "Companies: this company's delivery (null for a TLP:CLEAR advisory it was not targeted by)." }),
    progress: progressSchema.nullable().meta({ description: "Agency staff: deliveries, reads and acknowledgements." }),
  })
  .meta({ id: "AdvisorySummary" });
export type AdvisorySummary = z.infer<typeof advisorySummarySchema>;

export const advisoryPageSchema = z
  .object({
    items: z.array(advisorySummarySchema),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().nullable().meta({ description: "Companies: delivered advisories whose newest revision is unopened." }),
  })
  .meta({ id: "AdvisoryPage" });
export type AdvisoryPage = z.infer<typeof advisoryPageSchema>;

export const revisionEntrySchema = z
  .object({
    number: z.number().int(),
    state: z.enum(revisionStates),
    publishedAt: z.string().nullable(),
    changeSummary: z.string().nullable(),
    author: person.nullable().meta({ description: "Agency staff only." }),
    approvedBy: person.nullable().meta({ description: "Agency staff only." }),
  })
  .meta({ id: "AdvisoryRevisionEntry" });

export const advisorySchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    agency: companyRef,
    status: advisoryStatusSchema,
    version: z.number().int().nullable().meta({ description: "Agency staff only: saves of the working revision; the ETag (companies get neither)." }),
    revision: z.number().int().meta({ description: "The revision shown: the working one for agency staff, the published one for companies." }),
    revisionState: z.enum(revisionStates),
    title: z.string(),
    summary: z.string(),
    body: z.string().meta({ description: "Markdown." }),
    severity: advisorySeveritySchema,
    tlp: tlpSchema,
    changeSummary: z.string().nullable(),
    contentWithdrawn: z
      .boolean()
      .meta({ description: "Companies: the advisory was withdrawn, and its summary, body and change summaries are no longer served (empty / null)." }),
    targets: z
      .object({ products: z.array(z.string()), countries: z.array(z.string()), sectors: z.array(z.string()), organisations: z.array(companyRef) })
      .nullable()
      .meta({ description: "Agency staff only." }),
    createdBy: person.nullable().meta({ description: "Agency staff only." }),
    author: person.nullable().meta({ description: "Agency staff only: who drafted the revision shown." }),
    youWrote: z
      .boolean()
      .nullable()
      .meta({ description: "Agency staff only: whether the caller wrote the revision shown (its author, an editor, or the advisory's creator): only a writer sends it for approval, and no writer approves it." }),
    approvalRequestedAt: z.string().nullable(),
    firstPublishedAt: z.string().nullable(),
    lastPublishedAt: z.string().nullable(),
    publishedRevision: z.number().int().nullable(),
    supersedes: advisoryRef.nullable(),
    supersededBy: advisoryRef.nullable(),
    withdrawal: z.object({ at: z.string(), reason: z.string() }).nullable(),
    returned: z
      .object({ at: z.string(), by: person, reason: z.string() })
      .nullable()
      .meta({ description: "Agency staff only: while the working revision is a draft again because it was returned for changes, who returned it, when and why." }),
    revisions: z.array(revisionEntrySchema),
    delivery: ownDeliverySchema.nullable(),
    progress: progressSchema.nullable(),
  })
  .meta({ id: "Advisory" });
export type Advisory = z.infer<typeof advisorySchema>;

export const deliveryRowSchema = z
  .object({
    company: companyRef,
    deliveredAt: z.string(),
    revision: z.number().int(),
    firstReadAt: z.string().nullable(),
    firstReadBy: z.string().nullable(),
    readRevision: z.number().int().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedRevision: z.number().int().nullable(),
    acknowledgementNote: z.string().nullable(),
    acknowledgements: acknowledgementHistory,
  })
  .meta({ id: "AdvisoryDelivery" });
export type DeliveryRow = z.infer<typeof deliveryRowSchema>;

export const advisoryDeliveriesSchema = z
  .object({
    items: z.array(deliveryRowSchema).meta({
      description: "The deliveries to the companies the caller may know of: within their assignment, or named by a revision of the advisory, and not behind a conflict they declared.",
    }),
    others: progressSchema.meta({ description: "The deliveries to every other company, only counted: who they are is not the caller's to know." }),
  })
  .meta({ id: "AdvisoryDeliveries" });
export type AdvisoryDeliveries = z.infer<typeof advisoryDeliveriesSchema>;

// ---- The list's query ----

type AdvisoryCursor = { at: string; id: string };
const CURSOR_BODY = new RegExp(`^a1\\|(${CURSOR_INSTANT.source})\\|(${CURSOR_UUID.source})$`);

export function encodeAdvisoryCursor(cursor: AdvisoryCursor): string {
  return Buffer.from(`a1|${cursor.at}|${cursor.id}`, "utf8").toString("base64url");
}

export function decodeAdvisoryCursor(value: string): AdvisoryCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const m = CURSOR_BODY.exec(Buffer.from(value, "base64url").toString("utf8"));
  return m && isCursorInstant(m[1]!) && encodeAdvisoryCursor({ at: m[1]!, id: m[2]! }) === value ? { at: m[1]!, id: m[2]! } : null;
}

const flag = z.enum(["true", "false"], { error: "validation.boolean" }).transform((v) => v === "true");

export const advisoryListQuerySchema = z
  .object({
    status: optional(z.enum(advisoryStatuses, { error: "validation.status" })),
    severity: optional(z.enum(advisorySeverities, { error: "advisories.validation.severity" })),
    unread: optional(flag),
    unacknowledged: optional(flag),
    queue: optional(flag),
    cursor: optional(
      z.string().transform((value, ctx) => decodeAdvisoryCursor(value) ?? (ctx.addIssue({ code: "custom", message: "validation.cursor" }), z.NEVER)),
    ),
    limit: pageSizeSchema(100, 25),
  })
  .strict();
export type AdvisoryListQuery = z.infer<typeof advisoryListQuerySchema>;

/** The Atom feed's query: the language of the feed's own words (its title, notes and labels); English when not given. */
export const advisoryFeedQuerySchema = z.object({ lang: optional(z.enum(locales)) }).strict();
