import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { AUDIT_ACTIONS_MAX, auditEventPageSchema, auditEventRecordSchema, auditExportSchema, auditSearchSchema } from "@/lib/schemas/audit-search";
import { meSchema } from "@/lib/schemas/me";
import { ownDataSchema } from "@/lib/schemas/own-data";
import { auditPublicKeySchema, exportedCheckpointSchema, verificationResultSchema, verifyWithCheckpointsSchema } from "@/lib/schemas/audit-verification";
import { anomalyQuerySchema, anomalyReportSchema } from "@/lib/schemas/anomaly-query";
import { companyProfileInputSchema, companyProfileSchema } from "@/lib/schemas/profile";
import { registerAdvisoryPaths } from "./advisories";
import { registerDisclosurePaths } from "./disclosures";
import { registerInsightPaths } from "./insights";
import { authenticated, healthSchema, problemResponse } from "./shared";

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    description: "An API token (khk_…) created by a company admin or with `npm run token:create`: `Authorization: Bearer <token>`, one token and nothing else.",
  });
  registry.registerComponent("securitySchemes", "browserSession", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-authjs.session-token",
    description:
      "The portal's own pages call the API with the signed-in browser session (the cookie is `authjs.session-token` on the demo's plain HTTP). A request another site caused with the session is refused 403 (Sec-Fetch-Site, Origin). For other systems: an API token.",
  });

  registry.registerPath({
    method: "get",
    path: "/api/health",
    summary: "Liveness and the database in use",
    security: [],
    responses: {
      200: { description: "The database answers.", content: { "application/json": { schema: healthSchema } } },
      503: problemResponse("The database is not reachable."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/me",
    summary: "The caller: user, organisation and role",
    responses: { 200: { description: "The caller.", content: { "application/json": { schema: meSchema } } }, ...authenticated },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/me/export",
    summary: "Everything the portal keeps about the caller, as a JSON download (the export is audited)",
    responses: { 200: { description: "The caller's data; no secret is in it.", content: { "application/json": { schema: ownDataSchema } } }, ...authenticated },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/organisation/profile",
    summary: "The caller's company profile",
    responses: {
      200: { description: "The profile.", content: { "application/json": { schema: companyProfileSchema } } },
      ...authenticated,
      403: problemResponse("The caller's role has no company profile."),
    },
  });
  registry.registerPath({
    method: "put",
    path: "/api/v1/organisation/profile",
    summary: "Replace the caller's company profile (audited)",
    request: { body: { required: true, content: { "application/json": { schema: companyProfileInputSchema } } } },
    responses: {
      200: { description: "The saved profile.", content: { "application/json": { schema: companyProfileSchema } } },
      400: problemResponse("The body is not well-formed JSON."),
      ...authenticated,
      403: problemResponse("The caller's role may not edit a company profile."),
      413: problemResponse("The body is larger than 1 MiB."),
      415: problemResponse("The body is not JSON."),
      422: problemResponse("The body does not match the schema; `errors` lists every problem."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/organisations/{id}/profile",
    summary: "A company's profile, within the caller's need-to-know (audited read)",
    request: {
      params: z.object({ id: z.uuid() }),
      query: z.object({ purpose: z.string().max(500).optional() }),
    },
    responses: {
      200: { description: "The profile.", content: { "application/json": { schema: companyProfileSchema } } },
      ...authenticated,
      404: problemResponse("No such company within the caller's scope (the refusal is audited)."),
      422: problemResponse("The purpose is longer than 500 characters or given twice, or the query has another parameter (`errors` names it)."),
    },
  });

  const auditorOnly = problemResponse("Not found; also the answer to every role but auditor (the refusal is audited).");
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit/events",
    summary: "Search the audit log (auditors): newest first, keyset-paginated",
    request: { query: auditSearchSchema },
    responses: {
      200: { description: "One page of events.", content: { "application/json": { schema: auditEventPageSchema } } },
      ...authenticated,
      404: auditorOnly,
      422: problemResponse(`A filter is malformed, more than ${AUDIT_ACTIONS_MAX} actions are named, the time range is reversed, the page size is out of range, the cursor is corrupt or a parameter is unknown; \`errors\` lists every problem.`),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit/events/{id}",
    summary: "One audit event (auditors)",
    request: { params: z.object({ id: z.string().regex(/^[1-9][0-9]{0,15}$/).meta({ description: "The event id, a positive integer." }) }) },
    responses: {
      200: { description: "The event.", content: { "application/json": { schema: auditEventRecordSchema } } },
      ...authenticated,
      404: auditorOnly,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit/export.csv",
    summary: "Export every matching audit event as CSV (auditors; the export is audited)",
    description:
      "Streamed RFC 4180 CSV with a header row, newest first. A cell that a spreadsheet could read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.",
    request: { query: auditExportSchema },
    responses: {
      200: { description: "The events as CSV.", content: { "text/csv": { schema: z.string() } } },
      ...authenticated,
      404: auditorOnly,
      422: problemResponse(`A filter is malformed, more than ${AUDIT_ACTIONS_MAX} actions are named, the time range is reversed or a parameter is unknown; \`errors\` lists every problem.`),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/audit/anomalies",
    summary: "Anomaly flags over a time range (auditors): rules over the audit log, each flag linked to its events",
    description:
      "Default range: the last 7 days; at most 31 days. Thresholds come from the ANOMALY_* environment variables and are echoed in `thresholds`.",
    request: { query: anomalyQuerySchema },
    responses: {
      200: { description: "The flags, in the order of the rules.", content: { "application/json": { schema: anomalyReportSchema } } },
      ...authenticated,
      404: auditorOnly,
      422: problemResponse("A date-time is malformed, the range is reversed or longer than 31 days, or a parameter is unknown; `errors` lists every problem."),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit/verify",
    summary: "Recompute the hash chain and every checkpoint (auditors; the run is audited)",
    responses: {
      200: { description: "The verdict; `firstBad` names the first bad event.", content: { "application/json": { schema: verificationResultSchema } } },
      ...authenticated,
      404: auditorOnly,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/audit/verify",
    summary: "The same verification, held against checkpoints kept outside the server: a tail cut since one was sealed is caught (auditors; audited)",
    request: { body: { required: true, content: { "application/json": { schema: verifyWithCheckpointsSchema } } } },
    responses: {
      200: { description: "The verdict; `firstBad` names the first bad event (`truncated` when events a given checkpoint covers are gone).", content: { "application/json": { schema: verificationResultSchema } } },
      400: problemResponse("The body is not well-formed JSON."),
      ...authenticated,
      404: auditorOnly,
      413: problemResponse("The body is larger than 1 MiB."),
      415: problemResponse("There is no body, or it is not JSON."),
      422: problemResponse("A checkpoint is not a Kakehashi checkpoint, or the body has other fields."),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/audit/checkpoints",
    summary: "Seal the chain head now and return the signed checkpoint to keep elsewhere (auditors)",
    responses: {
      200: { description: "Nothing was chained since the newest checkpoint: that one.", content: { "application/json": { schema: exportedCheckpointSchema } } },
      201: { description: "The checkpoint made now.", content: { "application/json": { schema: exportedCheckpointSchema } } },
      ...authenticated,
      404: auditorOnly,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit/public-key",
    summary: "The Ed25519 public key that signs audit checkpoints",
    security: [],
    responses: {
      200: { description: "The key.", content: { "application/json": { schema: auditPublicKeySchema } } },
      // Anyone may fetch the key; a token sent anyway is still checked.
      401: problemResponse("An Authorization header was sent and refused (the key needs none)."),
      429: authenticated[429],
    },
  });

  registerDisclosurePaths(registry);
  registerAdvisoryPaths(registry);
  registerInsightPaths(registry);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Kakehashi API",
      version: "1.0.0",
      description: "Economic-security information exchange between government and industry. Errors are RFC 9457 problem+json.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }, { browserSession: [] }],
  });
}
