import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  acknowledgeAdvisorySchema,
  approveAdvisorySchema,
  advisoryPageSchema,
  advisorySchema,
  advisorySeveritySchema,
  advisoryStatusSchema,
  advisoryDeliveriesSchema,
  createAdvisorySchema,
  reachRequestSchema,
  reachSchema,
  returnAdvisorySchema,
  reviseAdvisorySchema,
  updateAdvisorySchema,
  withdrawAdvisorySchema,
} from "@/lib/schemas/advisory";
import { authenticated, problemResponse } from "./shared";

const idParam = z.object({ id: z.uuid().meta({ description: "The advisory's id." }) });
const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: z.ZodType) => ({ body: { required: true, content: { "application/json": { schema } } } });
const etag = { ETag: { description: 'The advisory\'s version, such as "3": PATCH sends it back in If-Match.', schema: { type: "string" as const } } };
const badBody = {
  400: problemResponse("The body is not well-formed JSON."),
  413: problemResponse("The body is larger than 1 MiB."),
  415: problemResponse("The body is not JSON."),
  422: problemResponse("The body does not match the schema (unknown product or country codes, empty targets, a TLP label or severity outside the lists, a body over 100 kB…); `errors` lists every problem with its path. Nothing is written."),
};
const hidden = { 404: problemResponse("No such advisory within the caller's reach (another agency's; for a company, one neither delivered to it nor TLP:CLEAR; or a role that reads no advisories). Audited.") };
const drafter = { 403: problemResponse("The caller's role may not draft advisories.") };
const state = (what: string) => ({ 409: problemResponse(`The advisory's state does not allow ${what}; the detail says why.`) });

/** The advisory endpoints (README, "Advisories"). */
export function registerAdvisoryPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories",
    summary: "Advisories newest first: the agency's own (agency staff), or those delivered to the caller's company plus TLP:CLEAR ones (keyset pages)",
    request: {
      query: z.object({
        status: advisoryStatusSchema.optional(),
        severity: advisorySeveritySchema.optional(),
        queue: z.enum(["true", "false"]).optional().meta({ description: "Agency staff: only advisories with a revision awaiting approval (the approvers' queue)." }),
        unread: z.enum(["true", "false"]).optional().meta({ description: "Companies: only deliveries whose newest revision is unopened." }),
        unacknowledged: z.enum(["true", "false"]).optional().meta({ description: "Companies: only deliveries not acknowledged at their newest revision." }),
        cursor: z.string().optional().meta({ description: "The `nextCursor` of the previous page." }),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    },
    responses: { 200: json(advisoryPageSchema, "One page."), ...authenticated, 404: problemResponse("The caller's role reads no advisories."), 422: badBody[422] },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories",
    summary: "Draft an advisory (agency staff; audited). It reaches no one until a different approver approves it.",
    request: body(createAdvisorySchema),
    responses: {
      201: { ...json(advisorySchema, "The draft."), headers: { ...etag, Location: { description: "The draft's address, /api/v1/advisories/{id}.", schema: { type: "string" } } } },
      ...badBody,
      ...authenticated,
      ...drafter,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/reach",
    summary: "Which companies the targets would reach now: count and list (agency staff only)",
    request: body(reachRequestSchema),
    responses: { 200: json(reachSchema, "The companies reached."), ...badBody, ...authenticated, ...drafter },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories/feed.atom",
    summary: "The caller's company's Atom feed of the advisories delivered to it (authenticate with an API token)",
    request: {
      query: z.object({ lang: z.enum(["en", "ja"]).optional().meta({ description: "The language of the feed's own words (its title, its entries' notes and labels); `en` when not given. An advisory's words are as its agency wrote them." }) }),
    },
    responses: {
      200: { description: "An Atom 1.0 feed of at most 50 entries, latest change first: an entry's `updated` is its advisory's latest publication (a revision's included), withdrawal or supersession, and the feed is ordered and cut by it.", content: { "application/atom+xml": { schema: z.string() } } },
      ...authenticated,
      404: problemResponse("Only companies have an advisory feed."),
      422: problemResponse("An unknown parameter, or a `lang` other than `en` or `ja`."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories/{id}",
    summary: "One advisory. A company's first opening of a delivered revision is its read receipt (audited).",
    request: { params: idParam },
    responses: { 200: { ...json(advisorySchema, "The advisory: the working revision for agency staff, the published one for companies."), headers: etag }, ...authenticated, ...hidden },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/v1/advisories/{id}",
    summary: "Change the working revision while it is a draft (If-Match: the version it was loaded at)",
    request: { params: idParam, headers: z.object({ "If-Match": z.string().meta({ description: 'The version, such as "2" (W/"2", as a compressing proxy may weaken it, and a bare 2 are taken too).' }) }), ...body(updateAdvisorySchema) },
    responses: {
      200: { ...json(advisorySchema, "The saved advisory."), headers: etag },
      ...badBody,
      ...authenticated,
      ...drafter,
      ...hidden,
      409: problemResponse("Not a draft any more, or saved by someone else since the If-Match version (the body's `current` holds the newer advisory)."),
      428: problemResponse("If-Match is missing or names no version."),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/{id}/request-approval",
    summary: "Send the working draft to the approvers' queue",
    request: { params: idParam },
    responses: {
      200: json(advisorySchema, "The advisory, awaiting approval."),
      ...authenticated,
      403: problemResponse("The caller's role may not draft advisories, or the caller did not write this draft (only its author, an editor or the advisory's creator sends it for approval). Audited."),
      ...hidden,
      ...state("asking for approval (or its targets reach no company)"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/{id}/approve",
    summary: "Approve and publish (approvers): every targeted company's delivery in one transaction at one timestamp, and one email per recipient in the outbox",
    request: { params: idParam, body: { required: false, content: { "application/json": { schema: approveAdvisorySchema } } } },
    responses: {
      200: json(advisorySchema, "The published advisory."),
      ...badBody,
      ...authenticated,
      403: problemResponse("The caller's role may not approve advisories (reviewers draft; approvers approve). Audited."),
      ...hidden,
      409: problemResponse("Not awaiting approval; or the caller drafted it or sent it for approval (no self-approval); or the caller declared a conflict of interest with a company it names (those three audited); or `revision` names another revision than the one awaiting approval. The detail says which."),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/{id}/revisions",
    summary: "Start the next revision of a published advisory (a draft; companies are told once it is approved)",
    request: { params: idParam, ...body(reviseAdvisorySchema) },
    responses: { 201: json(advisorySchema, "The advisory with its new draft revision."), ...badBody, ...authenticated, ...drafter, ...hidden, ...state("a new revision") },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/{id}/withdraw",
    summary: "Withdraw with a reason: its writers or an approver drop an unpublished one; approvers withdraw a published one and its companies are told",
    request: { params: idParam, ...body(withdrawAdvisorySchema) },
    responses: {
      200: json(advisorySchema, "The withdrawn advisory."),
      ...badBody,
      ...authenticated,
      403: problemResponse("A published advisory is withdrawn by approvers only; one never published, by its writers or an approver."),
      ...hidden,
      ...state("withdrawal (already withdrawn or superseded; or the approver is conflicted with a company it names)"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/{id}/return",
    summary: "Return the revision awaiting approval to its writers as a draft, with what should change (an approver, or one of its writers; audited)",
    request: { params: idParam, ...body(returnAdvisorySchema) },
    responses: {
      200: json(advisorySchema, "The advisory, its working revision a draft again (`returned` says by whom, when and why); a first revision takes the advisory back to draft, a published advisory stays published."),
      ...badBody,
      ...authenticated,
      403: problemResponse("The caller's role may not draft advisories, or the caller is neither an approver nor one who wrote this revision (its author, an editor or the advisory's creator). Audited."),
      ...hidden,
      409: problemResponse("Not awaiting approval; or the caller declared a conflict of interest with a company the decision names (audited); or `revision` names another revision than the one awaiting approval. The detail says which."),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/advisories/{id}/acknowledge",
    summary: "Acknowledge the newest revision delivered to the caller's company, with an optional note (audited). Each acknowledgement is kept as given: one of a later revision adds to the company's `acknowledgements`, never replaces them",
    request: { params: idParam, body: { required: false, content: { "application/json": { schema: acknowledgeAdvisorySchema } } } },
    responses: {
      200: json(advisorySchema, "The advisory with the acknowledgement."),
      ...badBody,
      ...authenticated,
      403: problemResponse("Only a company's officers and admins acknowledge."),
      ...hidden,
      409: problemResponse("Already acknowledged at this revision, a newer revision than the one named has been delivered since, or not delivered to the company (a TLP:CLEAR advisory it was not targeted by)."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories/{id}/deliveries",
    summary: "Each targeted company's delivery: delivered, first read (by whom), acknowledged (by whom, note; every acknowledgement it gave, oldest first) — agency staff, for the companies within their need to know",
    request: { params: idParam },
    responses: { 200: json(advisoryDeliveriesSchema, "The deliveries to the companies the caller may know of, by company name; the others counted."), ...authenticated, ...hidden },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories/{id}/deliveries.csv",
    summary: "The same deliveries as CSV (agency staff, the same companies; the export is audited)",
    request: { params: idParam },
    responses: {
      200: {
        description:
          "RFC 4180 CSV with a header row, one row per company: the latest acknowledgement in `acknowledged_at`, `acknowledged_by`, `acknowledged_revision` and `note`, the earlier ones, oldest first, in `earlier_acknowledgements`, one a line (`revision 1, <time>, <name>: <note>`). Formula-like cells are prefixed with an apostrophe.",
        content: { "text/csv": { schema: z.string() } },
      },
      ...authenticated,
      ...hidden,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories/{id}/csaf",
    summary: "The advisory as a CSAF 2.0 csaf_base document (TLP 2.0 labels mapped to TLP 1.0: CLEAR→WHITE, AMBER+STRICT→AMBER, noted in the document)",
    request: { params: idParam },
    responses: { 200: { description: "CSAF 2.0 JSON.", content: { "application/json": { schema: z.object({ document: z.record(z.string(), z.unknown()) }).meta({ id: "CsafDocument" }) } } }, ...authenticated, ...hidden },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/advisories/{id}/cap",
    summary: "The advisory's latest message as CAP 1.2 XML (msgType Alert, Update or Cancel; scope Restricted)",
    request: { params: idParam },
    responses: { 200: { description: "A CAP 1.2 alert.", content: { "application/cap+xml": { schema: z.string() } } }, ...authenticated, ...hidden },
  });
}
