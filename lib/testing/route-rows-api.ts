import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { callers, roleOf, company, agency, isHoshino, route, junkBody, disclosureTargets, idOf, disclosureInScope, ownDisclosure, advisoryInScope, bureauStaff, allAdvisories, freshAdvisoryContent, type Row } from "./route-inventory";

// The API half of the route inventory (route-inventory.ts has the callers, targets and rules): a row per
// API route and method, grouped by area, and the routes the matrix leaves to other tests.

export const apiRows: Row[] = [
  // ---- Open to anyone ----
  { route: "GET /api/health", who: "anyone", credentials: "ignored", call: () => route("GET", "/api/health") },
  { route: "GET /api/v1/openapi.json", who: "anyone", credentials: "ignored", call: () => route("GET", "/api/v1/openapi.json") },
  { route: "GET /api/v1/audit/public-key", who: "anyone", call: () => route("GET", "/api/v1/audit/public-key") },
  // The benchmark's bare reference answers 404 unless the benchmark turned it on (BENCH_BARE_ROUTE).
  { route: "GET /api/bench/disclosures/[id]", who: "anyone", credentials: "ignored", status: 404, call: () => route("GET", "/api/bench/disclosures/[id]", { params: { id: demoDisclosureIds.hoshinoH1 } }) },
  ...["GET", "POST", "PUT", "PATCH", "DELETE"].flatMap((method): Row[] => [
    { route: `${method} /api/v1/[[...rest]]`, who: "anyone", status: 404, call: () => route(method, "/api/v1/[[...rest]]", { params: { rest: ["no", "such"] } }) },
    { route: `${method} /api/[[...rest]]`, who: "anyone", status: 404, call: () => route(method, "/api/[[...rest]]", { params: { rest: ["health", "x"] } }) },
  ]),

  // ---- Everyone signed in ----
  { route: "GET /api/v1/me", who: "signed-in", call: () => route("GET", "/api/v1/me") },
  { route: "GET /api/v1/me/export", who: "signed-in", audits: "account.data_export", call: () => route("GET", "/api/v1/me/export") },

  // ---- Disclosures ----
  { route: "GET /api/v1/disclosures", who: [...company, ...agency], hidden: true, call: () => route("GET", "/api/v1/disclosures") },
  {
    route: "POST /api/v1/disclosures",
    malformed: junkBody,
    who: company,
    status: 201,
    audits: "disclosure.create",
    // A period of each caller's own, so that no call meets another's draft (one per company and period).
    call: (_fx, _t, c) => route("POST", "/api/v1/disclosures", { body: { reportingPeriod: `${2050 + callers.indexOf(c)}-H1`, items: [] } }),
  },
  {
    route: "GET /api/v1/disclosures/[id]",
    who: [...company, ...agency],
    hidden: true,
    targets: disclosureTargets,
    inScope: disclosureInScope,
    audits: (c) => (isHoshino(c) ? null : "disclosure.read"),
    call: (_fx, t) => route("GET", "/api/v1/disclosures/[id]", { params: { id: idOf(t) } }),
  },
  {
    route: "PATCH /api/v1/disclosures/[id]",
    malformed: junkBody,
    who: company,
    targets: disclosureTargets,
    inScope: ownDisclosure,
    // Only a draft is edited; a submitted disclosure is amended through a new draft (409).
    status: (_c, t) => (t === "hoshinoDraft" ? 200 : 409),
    audits: "disclosure.update",
    call: async (fx, t) =>
      route("PATCH", "/api/v1/disclosures/[id]", { params: { id: idOf(t) }, headers: { "if-match": `"${await fx.revisionOf(idOf(t))}"` }, body: { notes: "Route matrix." } }),
  },
  {
    route: "POST /api/v1/disclosures/[id]/submit",
    who: company,
    targets: [...disclosureTargets, "-"],
    inScope: (c, t) => ownDisclosure(c, t === "-" ? "hoshinoDraft" : t),
    // The demo disclosures are submitted with a stale revision (409, nothing changes); "-" is a fresh draft, submitted.
    status: (_c, t) => (t === "-" ? 200 : 409),
    audits: "disclosure.submit",
    call: async (fx, t) => {
      if (t !== "-") return route("POST", "/api/v1/disclosures/[id]/submit", { params: { id: idOf(t) }, headers: { "if-match": '"0"' } });
      const draft = await fx.hoshinoDraft();
      return route("POST", "/api/v1/disclosures/[id]/submit", { params: { id: draft.id }, headers: { "if-match": `"${draft.revision}"` } });
    },
  },
  {
    route: "POST /api/v1/disclosures/[id]/withdraw",
    who: company,
    targets: ["minatoSubmitted", "-"],
    inScope: (c, t) => ownDisclosure(c, t === "-" ? "hoshinoDraft" : t),
    audits: "disclosure.withdraw",
    call: async (fx, t) => route("POST", "/api/v1/disclosures/[id]/withdraw", { params: { id: t === "-" ? (await fx.hoshinoDraft()).id : idOf(t) } }),
  },
  {
    route: "GET /api/v1/disclosures/[id]/versions/[n]",
    who: [...company, ...agency],
    hidden: true,
    targets: disclosureTargets,
    inScope: disclosureInScope,
    // The H2 draft was never submitted: it has no version 1 (404, but not a refusal).
    status: (_c, t) => (t === "hoshinoDraft" ? 404 : 200),
    audits: (c, t) => (isHoshino(c) || t === "hoshinoDraft" ? null : "disclosure.read"),
    call: (_fx, t) => route("GET", "/api/v1/disclosures/[id]/versions/[n]", { params: { id: idOf(t), n: "1" } }),
  },
  {
    route: "POST /api/v1/disclosures/[id]/reviews",
    malformed: junkBody,
    who: agency,
    targets: disclosureTargets,
    inScope: disclosureInScope,
    status: 201,
    audits: "disclosure.review",
    call: (_fx, t) => route("POST", "/api/v1/disclosures/[id]/reviews", { params: { id: idOf(t) }, body: { decision: "comment", comment: "Route matrix." } }),
  },
  {
    route: "POST /api/v1/disclosures/[id]/break-glass",
    malformed: junkBody,
    who: ["agency_approver"],
    targets: disclosureTargets,
    // Break-glass opens what assignment does not, but never a draft, which no agency may see; never with a token.
    inScope: (_c, t) => t !== "hoshinoDraft",
    sessionOnly: true,
    audits: "disclosure.read",
    call: (_fx, t) => route("POST", "/api/v1/disclosures/[id]/break-glass", { params: { id: idOf(t) }, body: { justification: "Route matrix: checking who may break the glass." } }),
  },
  { route: "GET /api/v1/organisation/access-log", who: company, call: () => route("GET", "/api/v1/organisation/access-log") },
  { route: "GET /api/v1/organisation/access-log/export.csv", who: company, audits: "access_log.export", call: () => route("GET", "/api/v1/organisation/access-log/export.csv") },

  // ---- Company profiles ----
  { route: "GET /api/v1/organisation/profile", who: company, call: () => route("GET", "/api/v1/organisation/profile") },
  {
    route: "PUT /api/v1/organisation/profile",
    malformed: junkBody,
    who: company,
    audits: "profile.update",
    call: () =>
      route("PUT", "/api/v1/organisation/profile", {
        body: { contactName: "Route Matrix", contactEmail: "matrix@example.test", contactPhone: "+81 3-0000-0000", productCodes: ["permanent_magnets"] },
      }),
  },
  {
    route: "GET /api/v1/organisations/[id]/profile",
    who: [...company, ...agency],
    hidden: true,
    targets: ["hoshino", "aoba"],
    // A company reads its own; agency staff the companies of their assigned products, minus conflicts.
    inScope: (c, t) => (company.includes(roleOf[c]!) ? (t === "hoshino") === isHoshino(c) : !(c === "reviewer2" && t === "hoshino")),
    audits: (c) => (company.includes(roleOf[c]!) ? null : "profile.read"),
    call: (_fx, t) => route("GET", "/api/v1/organisations/[id]/profile", { params: { id: idOf(t) }, query: { purpose: "route matrix" } }),
  },

  // ---- Advisories ----
  { route: "GET /api/v1/advisories", who: [...company, ...agency], hidden: true, call: () => route("GET", "/api/v1/advisories") },
  {
    route: "POST /api/v1/advisories",
    malformed: junkBody,
    who: agency,
    status: 201,
    audits: "advisory.create",
    call: () => route("POST", "/api/v1/advisories", { body: freshAdvisoryContent }),
  },
  {
    route: "GET /api/v1/advisories/[id]",
    who: [...company, ...agency],
    hidden: true,
    targets: allAdvisories,
    inScope: advisoryInScope,
    call: (_fx, t) => route("GET", "/api/v1/advisories/[id]", { params: { id: idOf(t) } }),
  },
  {
    route: "PATCH /api/v1/advisories/[id]",
    malformed: junkBody,
    inScope: bureauStaff,
    who: agency,
    targets: ["advisoryPublished", "-"],
    // Only a draft is edited (409 on a published one); "-" is a fresh draft.
    status: (_c, t) => (t === "-" ? 200 : 409),
    audits: "advisory.update",
    call: async (fx, t) => {
      const id = t === "-" ? await fx.advisory("draft") : idOf(t);
      return route("PATCH", "/api/v1/advisories/[id]", { params: { id }, headers: { "if-match": `"${await fx.advisoryVersionOf(id)}"` }, body: { summary: "Changed by the route matrix." } });
    },
  },
  {
    route: "POST /api/v1/advisories/[id]/request-approval",
    inScope: bureauStaff,
    who: agency,
    targets: ["advisoryPublished", "-"],
    // "-" is a fresh draft of the reviewer's: only its writer sends it for approval.
    forbidden: (c, t) => t === "-" && c !== "reviewer",
    status: (_c, t) => (t === "-" ? 200 : 409),
    audits: "advisory.request_approval",
    call: async (fx, t) => route("POST", "/api/v1/advisories/[id]/request-approval", { params: { id: t === "-" ? await fx.advisory("draft") : idOf(t) } }),
  },
  {
    route: "POST /api/v1/advisories/[id]/approve",
    inScope: bureauStaff,
    who: ["agency_approver"],
    targets: ["advisoryDraft", "-"],
    // A draft is not yet awaiting approval (409); "-" is a fresh one that is, by the reviewer.
    status: (_c, t) => (t === "-" ? 200 : 409),
    audits: "advisory.approve",
    call: async (fx, t) => route("POST", "/api/v1/advisories/[id]/approve", { params: { id: t === "-" ? await fx.advisory("pending_approval") : idOf(t) } }),
  },
  {
    route: "POST /api/v1/advisories/[id]/withdraw",
    malformed: junkBody,
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    // A fresh draft of the reviewer's: its writer or an approver withdraws it, not a colleague who did not write it.
    forbidden: (c) => c === "reviewer2",
    audits: "advisory.withdraw",
    call: async (fx) => route("POST", "/api/v1/advisories/[id]/withdraw", { params: { id: await fx.advisory("draft") }, body: { reason: "Withdrawn by the route matrix." } }),
  },
  {
    route: "POST /api/v1/advisories/[id]/return",
    malformed: junkBody,
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    // A fresh advisory awaiting approval, drafted and sent by the reviewer: its writer or an approver returns it, not a colleague who did not write it.
    forbidden: (c) => c === "reviewer2",
    audits: "advisory.return",
    call: async (fx) => route("POST", "/api/v1/advisories/[id]/return", { params: { id: await fx.advisory("pending_approval") }, body: { reason: "Returned by the route matrix." } }),
  },
  {
    route: "POST /api/v1/advisories/[id]/revisions",
    malformed: junkBody,
    inScope: bureauStaff,
    who: agency,
    targets: ["advisoryDraft", "-"],
    status: (_c, t) => (t === "-" ? 201 : 409),
    audits: "advisory.revise",
    call: async (fx, t) =>
      route("POST", "/api/v1/advisories/[id]/revisions", {
        params: { id: t === "-" ? await fx.advisory("published") : idOf(t) },
        body: { ...freshAdvisoryContent, changeSummary: "Revised by the route matrix." },
      }),
  },
  {
    route: "POST /api/v1/advisories/[id]/acknowledge",
    malformed: junkBody,
    who: company,
    targets: ["-"],
    // A fresh advisory delivered to Hoshino alone: Aoba's officer learns nothing of it.
    inScope: (c) => isHoshino(c),
    audits: "advisory.acknowledge",
    call: async (fx) => route("POST", "/api/v1/advisories/[id]/acknowledge", { params: { id: await fx.advisory("published") }, body: { note: "Seen by the route matrix." } }),
  },
  {
    route: "GET /api/v1/advisories/[id]/deliveries",
    inScope: bureauStaff,
    who: agency,
    hidden: true,
    targets: ["advisoryPublished"],
    call: (_fx, t) => route("GET", "/api/v1/advisories/[id]/deliveries", { params: { id: idOf(t) } }),
  },
  {
    route: "GET /api/v1/advisories/[id]/deliveries.csv",
    inScope: bureauStaff,
    who: agency,
    hidden: true,
    targets: ["advisoryPublished"],
    audits: "advisory.export",
    call: (_fx, t) => route("GET", "/api/v1/advisories/[id]/deliveries.csv", { params: { id: idOf(t) } }),
  },
  ...(["csaf", "cap"] as const).map(
    (format): Row => ({
      route: `GET /api/v1/advisories/[id]/${format}`,
      who: [...company, ...agency],
      hidden: true,
      targets: ["advisoryPublished", "advisoryDraft"],
      inScope: advisoryInScope,
      call: (_fx, t) => route("GET", `/api/v1/advisories/[id]/${format}`, { params: { id: idOf(t) } }),
    }),
  ),
  { route: "GET /api/v1/advisories/feed.atom", who: company, hidden: true, call: () => route("GET", "/api/v1/advisories/feed.atom") },
  {
    route: "POST /api/v1/advisories/reach",
    malformed: junkBody,
    who: agency,
    call: () => route("POST", "/api/v1/advisories/reach", { body: { targets: { products: ["permanent_magnets"], countries: [], organisations: [] } } }),
  },

  // ---- Insights ----
  ...["/api/v1/insights/exposure", "/api/v1/insights/exposure.csv"].map(
    (pattern): Row => ({ route: `GET ${pattern}`, who: agency, hidden: true, audits: "insights.view", call: () => route("GET", pattern, { query: { period: "2026-H1" } }) }),
  ),

  // ---- The audit log: auditors only; for everyone else it does not exist ----
  { route: "GET /api/v1/audit/events", who: ["auditor"], hidden: true, audits: "audit.search", call: () => route("GET", "/api/v1/audit/events") },
  { route: "GET /api/v1/audit/events/[id]", who: ["auditor"], hidden: true, audits: "audit.event_read", call: async (fx) => route("GET", "/api/v1/audit/events/[id]", { params: { id: await fx.someAuditEventId() } }) },
  { route: "GET /api/v1/audit/export.csv", who: ["auditor"], hidden: true, audits: "audit.export", call: () => route("GET", "/api/v1/audit/export.csv", { query: { action: "auth.sign_in" } }) },
  { route: "GET /api/v1/audit/anomalies", who: ["auditor"], hidden: true, call: () => route("GET", "/api/v1/audit/anomalies") },
  { route: "GET /api/v1/audit/verify", who: ["auditor"], hidden: true, audits: "audit.verify", call: () => route("GET", "/api/v1/audit/verify") },
  {
    route: "POST /api/v1/audit/verify",
    malformed: junkBody,
    who: ["auditor"],
    hidden: true,
    audits: "audit.verify",
    call: () => route("POST", "/api/v1/audit/verify", { body: { checkpoints: [] } }),
  },
  { route: "POST /api/v1/audit/checkpoints", who: ["auditor"], hidden: true, status: 201, call: () => route("POST", "/api/v1/audit/checkpoints") },
];

/**
 * Routes the matrix does not run, each with the reason. Auth.js's own endpoints (sign-in, the CSRF
 * token, the session) belong to the library and are exercised through the browser in e2e/sign-in.spec.ts.
 */
export const exemptRoutes: Record<string, string> = {
  "GET /api/auth/[...nextauth]": "Auth.js's handlers; e2e/sign-in.spec.ts signs in through them",
  "POST /api/auth/[...nextauth]": "Auth.js's handlers; e2e/sign-in.spec.ts signs in through them",
};
