import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  accessLogEntrySchema,
  accessLogExportSchema,
  accessLogQuerySchema,
  breakGlassSchema,
  createDisclosureSchema,
  disclosurePageSchema,
  disclosureSchema,
  disclosureStatusSchema,
  disclosureVersionSchema,
  reportingPeriodSchema,
  reviewInputSchema,
  updateDisclosureSchema,
} from "@/lib/schemas/disclosure";
import { authenticated, problemResponse } from "./shared";

const idParam = z.object({ id: z.uuid().meta({ description: "The disclosure's id." }) });
const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { required: true, content: { "application/json": { schema } } } });
const etag = { ETag: { description: 'The working copy\'s revision, such as "3": send it back in If-Match (the company\'s only: none for agency staff).', schema: { type: "string" as const } } };
const badBody = {
  400: problemResponse("The body is not well-formed JSON."),
  413: problemResponse("The body is larger than 1 MiB."),
  415: problemResponse("The body is not JSON."),
  422: problemResponse("The body does not match the schema; `errors` lists every problem with its path."),
};
const hidden = { 404: problemResponse("No such disclosure within the caller's scope (another company's, outside assignment, conflicted, or a role that may not read disclosures).") };
const illegal = (what: string) => ({ 409: problemResponse(`The disclosure's status does not allow ${what}; the detail says why.`) });

/** The disclosure endpoints (README, "Disclosures"). */
export function registerDisclosurePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/api/v1/disclosures",
    summary: "Disclosures newest first: the caller's company's, or for agency staff those within assignment (keyset pages)",
    request: {
      query: z.object({
        period: reportingPeriodSchema.optional(),
        status: disclosureStatusSchema.optional(),
        queue: z.enum(["true", "false"]).optional().meta({ description: "Agency staff: only submitted or under-review disclosures (the review queue)." }),
        cursor: z.string().optional().meta({ description: "The `nextCursor` of the previous page." }),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    },
    responses: { 200: json(disclosurePageSchema, "One page."), ...authenticated, 404: problemResponse("The caller's role reads no disclosures."), 422: badBody[422] },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/disclosures",
    summary: "Start the draft of a reporting period (company officers and admins; one per period; audited)",
    request: body(createDisclosureSchema),
    responses: {
      201: { ...json(disclosureSchema, "The new draft."), headers: { ...etag, Location: { description: "The new draft's address, /api/v1/disclosures/{id}.", schema: { type: "string" } } } },
      ...badBody,
      ...authenticated,
      403: problemResponse("The caller's role may not write disclosures."),
      409: problemResponse("The company already has a disclosure for that period."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/disclosures/{id}",
    summary: "One disclosure: the company's working copy, or for agency staff the latest version (an audited read)",
    request: { params: idParam },
    responses: { 200: { ...json(disclosureSchema, "The disclosure."), headers: etag }, ...authenticated, ...hidden },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/v1/disclosures/{id}",
    summary: "Save the working copy (If-Match: the revision it was loaded at)",
    request: {
      params: idParam,
      headers: z.object({ "If-Match": z.string().meta({ description: 'The revision, such as "3" (W/"3", as a compressing proxy may weaken it, and a bare 3 are taken too).' }) }),
      ...body(updateDisclosureSchema),
    },
    responses: {
      200: { ...json(disclosureSchema, "The saved disclosure."), headers: etag },
      ...badBody,
      ...authenticated,
      403: problemResponse("The caller's role may not write disclosures."),
      ...hidden,
      409: problemResponse("Saved by someone else since (the body's `current` holds the newer disclosure; nothing was overwritten), or the status does not allow editing."),
      428: problemResponse("If-Match is missing or names no revision."),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/disclosures/{id}/submit",
    summary: "Submit the working copy as the next immutable version (optional If-Match)",
    request: {
      params: idParam,
      headers: z.object({
        "If-Match": z.string().optional().meta({ description: 'The revision the caller reviewed, such as "3": the submission is refused (409) if the working copy changed since.' }),
      }),
    },
    responses: {
      200: { ...json(disclosureSchema, "The submitted disclosure."), headers: etag },
      ...authenticated,
      403: problemResponse("The caller's role may not write disclosures."),
      ...hidden,
      ...illegal("submission (or If-Match names an older revision)"),
      422: problemResponse("The draft has no items, or items with errors (`errors` has their paths)."),
      428: problemResponse("If-Match was sent but names no revision."),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/disclosures/{id}/withdraw",
    summary: "Withdraw a disclosure before acceptance",
    request: { params: idParam },
    responses: { 200: json(disclosureSchema, "The withdrawn disclosure."), ...authenticated, 403: problemResponse("The caller's role may not write disclosures."), ...hidden, ...illegal("withdrawal") },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/disclosures/{id}/versions/{n}",
    summary: "One submitted version with its items (an audited read for agency staff)",
    request: { params: idParam.extend({ n: z.number().int().min(1).meta({ description: "The version number." }) }) },
    responses: { 200: json(disclosureVersionSchema, "The version."), ...authenticated, 404: problemResponse("No such disclosure in scope, or no such version.") },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/disclosures/{id}/reviews",
    summary: "Comment on, ask for changes to, or accept the latest version (agency staff within assignment)",
    request: { params: idParam, ...body(reviewInputSchema) },
    responses: {
      201: json(disclosureSchema, "The disclosure with the review."),
      ...badBody,
      ...authenticated,
      403: problemResponse("The caller's role may not review."),
      ...hidden,
      ...illegal("a review"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/disclosures/{id}/break-glass",
    summary: "Open a submitted disclosure outside the approver's assignment, with a written justification (flagged in the audit log)",
    request: { params: idParam, ...body(breakGlassSchema) },
    responses: {
      200: json(disclosureSchema, "The disclosure."),
      ...badBody,
      ...authenticated,
      403: problemResponse("Only approvers may break the glass."),
      404: problemResponse("No such submitted disclosure, or the approver declared a conflict with the company."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/organisation/access-log",
    summary: "Every access by government staff to the caller's company data, and every attempt on it refused to anyone outside the company (by kind, not named), newest first (officials under stable pseudonyms)",
    request: { query: accessLogQuerySchema },
    responses: {
      200: json(z.object({ items: z.array(accessLogEntrySchema), nextCursor: z.string().nullable() }).meta({ id: "AccessLogPage" }), "One page."),
      ...authenticated,
      403: problemResponse("Only a company's officers and admins read its access log."),
      422: badBody[422],
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/organisation/access-log/export.csv",
    summary: "Export every matching entry of the caller's company access log as CSV, newest first (the export is audited)",
    description:
      "Streamed RFC 4180 CSV with a header row: the fields of AccessLogEntry, the agency in English and Japanese (agency_en, agency_ja). A cell that a spreadsheet could read as a formula is prefixed with an apostrophe.",
    request: { query: accessLogExportSchema },
    responses: {
      200: { description: "The entries as CSV.", content: { "text/csv": { schema: z.string() } } },
      ...authenticated,
      403: problemResponse("Only a company's officers and admins export its access log."),
      422: badBody[422],
    },
  });
}
