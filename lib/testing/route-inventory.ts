import type { Role } from "@/db/schema";
import { demoAdvisoryIds } from "@/lib/demo/seed-advisories";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import type { RouteCall } from "./route-harness";

// The route inventory: every API route and every server action, with who may use it and what it records.
// route-matrix.int.test.ts runs each row as every kind of caller against the targets the row names and
// asserts the exact status and the audit events; a route file, method or action without a row fails it.
//
// The callers (the demo world, lib/demo/seed-demo.ts): Hoshino's officer and admin and Aoba's officer
// (two tenants of the company side); the reviewer (assigned permanent magnets, not antimicrobials), reviewer2
// (assigned both, but with a declared conflict with Hoshino) and the approver (every product); the auditor;
// the platform administrator; and nobody signed in. One caller is not of the demo world: a reviewer of
// another ministry ("otherAgency", made by the matrix), assigned permanent magnets, for the agency side's
// other tenant.

export const callers = ["anonymous", "hoshinoOfficer", "hoshinoAdmin", "aobaOfficer", "reviewer", "reviewer2", "approver", "otherAgency", "auditor", "platformAdmin"] as const;
export type Caller = (typeof callers)[number];

export const callerEmails: Record<Exclude<Caller, "anonymous" | "otherAgency">, string> = {
  hoshinoOfficer: "officer@hoshino.example",
  hoshinoAdmin: "admin@hoshino.example",
  aobaOfficer: "officer@aoba.example",
  reviewer: "reviewer@esb.example",
  reviewer2: "reviewer2@esb.example",
  approver: "approver@esb.example",
  auditor: "auditor@oversight.example",
  platformAdmin: "admin@kakehashi.example",
};

export const roleOf: Record<Caller, Role | null> = {
  anonymous: null,
  hoshinoOfficer: "company_officer",
  hoshinoAdmin: "company_admin",
  aobaOfficer: "company_officer",
  reviewer: "agency_reviewer",
  reviewer2: "agency_reviewer",
  approver: "agency_approver",
  otherAgency: "agency_reviewer",
  auditor: "auditor",
  platformAdmin: "platform_admin",
};

const company: Role[] = ["company_officer", "company_admin"];
const agency: Role[] = ["agency_reviewer", "agency_approver"];
const isHoshino = (c: Caller) => c === "hoshinoOfficer" || c === "hoshinoAdmin";

/** Objects made afresh for one call, so that a call that succeeds does not change what the next one meets. */
export interface Fixtures {
  /** A new draft disclosure of Hoshino's, for a period of its own. */
  hoshinoDraft(): Promise<{ id: string; revision: number }>;
  /** A new advisory of the bureau's, authored by the reviewer and aimed at Hoshino alone, in the given state. */
  advisory(state: "draft" | "pending_approval" | "published"): Promise<string>;
  /** The current revision of a disclosure. */
  revisionOf(id: string): Promise<number>;
  /** The id of an audit event that exists. */
  someAuditEventId(): Promise<string>;
  /** A new invited user: a company officer of Hoshino or Aoba, or a reviewer of the bureau. */
  user(org: "hoshino" | "aoba" | "esb"): Promise<string>;
  /** A second open session of the caller's (another browser), to end. */
  otherSession(caller: Caller): Promise<string>;
  /** A new API token of Hoshino's admin. */
  hoshinoToken(): Promise<string>;
  /** A new conflict declaration of the reviewer's, with Aoba. */
  conflict(): Promise<string>;
}

export type Target =
  | "-"
  // Disclosures of the demo world: Hoshino's submitted H1 (permanent magnets), Minato's submitted H1
  // (antimicrobials) and Hoshino's H2 draft.
  | "hoshinoSubmitted"
  | "minatoSubmitted"
  | "hoshinoDraft"
  // Advisories: a published one delivered to Hoshino only, a published TLP:CLEAR one every company may
  // read, one awaiting approval and a draft.
  | "advisoryPublished"
  | "advisoryClear"
  | "advisoryPending"
  | "advisoryDraft"
  // Companies, for their profiles.
  | "hoshino"
  | "aoba";

export type Call = ({ kind: "route" } & RouteCall) | { kind: "action"; args: unknown[] };

export interface Row {
  /** `METHOD /api/pattern` or `app/…/actions.ts#actionName`. */
  route: string;
  /** Tells apart rows of one route (the commands of one form action). */
  label?: string;
  /** The roles that hold the permission; "signed-in" is every role, "anyone" includes nobody signed in. */
  who: Role[] | "signed-in" | "anyone";
  /** A role without the permission gets 404 (the resource is not for it to know of), not 403. */
  hidden?: boolean;
  targets?: readonly Target[];
  /** For a permitted role: whether the target is its own to act on (tenant, assignment, no conflict); if not, 404. */
  inScope?: (caller: Caller, target: Target) => boolean;
  /** The status a permitted, in-scope caller gets (200 unless said). */
  status?: number | ((caller: Caller, target: Target) => number);
  /** The audit action a success records. */
  audits?: string | ((caller: Caller, target: Target) => string | null);
  call: (fx: Fixtures, target: Target, caller: Caller) => Call | Promise<Call>;
  /**
   * The same call with input no schema accepts: a caller who may not act must meet the same refusal (and
   * its audit event) whatever it sends, one who may act a 422 with nothing written. Every row that takes
   * input beyond an id has one (the matrix test checks).
   */
  malformed?: (call: Call) => Call;
}

const route = (method: string, pattern: string, rest: Omit<RouteCall, "method" | "route"> = {}): Call => ({ kind: "route", method, route: pattern, ...rest });
const action = (...args: unknown[]): Call => ({ kind: "action", args });

/** A value no schema of the portal accepts: an unknown field where text, numbers or known fields belong. */
export const junk = { "not a field": true };
/** The call with junk for its JSON body. */
const junkBody = (call: Call): Call => ({ ...call, body: junk }) as Call;
/** The action called with junk for its values. */
const junkValues = (call: Call): Call => ({ ...call, args: [junk] }) as Call;
/** The action called with junk in one field of its values (the ids it names kept). */
const junkField =
  (field: string) =>
  (call: Call): Call => {
    const [values, ...rest] = (call as { args: unknown[] }).args;
    return { kind: "action", args: [{ ...(values as object), [field]: junk }, ...rest] };
  };

// ---- Disclosures ----

const disclosureTargets = ["hoshinoSubmitted", "minatoSubmitted", "hoshinoDraft"] as const;
const disclosureIds: Partial<Record<Target, string>> = {
  hoshinoSubmitted: demoDisclosureIds.hoshinoH1,
  minatoSubmitted: demoDisclosureIds.minatoH1,
  hoshinoDraft: demoDisclosureIds.hoshinoH2,
};
const idOf = (target: Target): string => disclosureIds[target] ?? advisoryIds[target] ?? orgIds[target] ?? "";

/** The own company's disclosures; for agency staff, submitted ones of products assigned to them, minus conflicts. */
function disclosureInScope(c: Caller, t: Target): boolean {
  if (isHoshino(c)) return t !== "minatoSubmitted";
  if (t === "hoshinoDraft") return false;
  return c === "approver" || ((c === "reviewer" || c === "otherAgency") && t === "hoshinoSubmitted") || (c === "reviewer2" && t === "minatoSubmitted");
}
/** Company writes reach only the own company's disclosures (agency staff lack the permission altogether). */
const ownDisclosure = (c: Caller, t: Target) => isHoshino(c) && t !== "minatoSubmitted";

// ---- Advisories ----

const advisoryIds: Partial<Record<Target, string>> = {
  advisoryPublished: demoAdvisoryIds.rareEarths,
  advisoryClear: demoAdvisoryIds.batteryGuidance,
  advisoryPending: demoAdvisoryIds.gallium,
  advisoryDraft: demoAdvisoryIds.betaLactam,
};
/** Agency staff see every advisory of their agency (the bureau's, here); a company those delivered to it and published TLP:CLEAR ones. */
function advisoryInScope(c: Caller, t: Target): boolean {
  if (c === "otherAgency") return false;
  if (agency.includes(roleOf[c]!)) return true;
  if (t === "advisoryClear") return true;
  // Heavy rare earths reached the magnet makers and users: Hoshino; Aoba (semiconductors) was not reached.
  return t === "advisoryPublished" && isHoshino(c);
}
/** The bureau's advisories exist for its own staff only: the other ministry's reviewer gets 404. */
const bureauStaff = (c: Caller) => c !== "otherAgency";
const allAdvisories = ["advisoryPublished", "advisoryClear", "advisoryPending", "advisoryDraft"] as const;

const orgIds: Partial<Record<Target, string>> = { hoshino: demoOrgIds.hoshino, aoba: demoOrgIds.aoba };

const freshAdvisoryContent = {
  title: "Route matrix advisory",
  summary: "An advisory made for the route matrix.",
  body: "Made for one call of the route matrix.",
  severity: "moderate",
  tlp: "AMBER",
  targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] },
};

export const apiRows: Row[] = [
  // ---- Open to anyone ----
  { route: "GET /api/health", who: "anyone", call: () => route("GET", "/api/health") },
  { route: "GET /api/v1/openapi.json", who: "anyone", call: () => route("GET", "/api/v1/openapi.json") },
  { route: "GET /api/v1/audit/public-key", who: "anyone", call: () => route("GET", "/api/v1/audit/public-key") },
  // The benchmark's bare reference answers 404 unless the benchmark turned it on (BENCH_BARE_ROUTE).
  { route: "GET /api/bench/disclosures/[id]", who: "anyone", status: 404, call: () => route("GET", "/api/bench/disclosures/[id]", { params: { id: demoDisclosureIds.hoshinoH1 } }) },
  ...["GET", "POST", "PUT", "PATCH", "DELETE"].map(
    (method): Row => ({ route: `${method} /api/v1/[[...rest]]`, who: "anyone", status: 404, call: () => route(method, "/api/v1/[[...rest]]", { params: { rest: ["no", "such"] } }) }),
  ),

  // ---- Everyone signed in ----
  { route: "GET /api/v1/me", who: "signed-in", call: () => route("GET", "/api/v1/me") },

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
    // Break-glass opens what assignment does not, but never a draft, which no agency may see.
    inScope: (_c, t) => t !== "hoshinoDraft",
    audits: "disclosure.read",
    call: (_fx, t) => route("POST", "/api/v1/disclosures/[id]/break-glass", { params: { id: idOf(t) }, body: { justification: "Route matrix: checking who may break the glass." } }),
  },
  { route: "GET /api/v1/organisation/access-log", who: company, call: () => route("GET", "/api/v1/organisation/access-log") },

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
    call: async (fx, t) => route("PATCH", "/api/v1/advisories/[id]", { params: { id: t === "-" ? await fx.advisory("draft") : idOf(t) }, body: { summary: "Changed by the route matrix." } }),
  },
  {
    route: "POST /api/v1/advisories/[id]/request-approval",
    inScope: bureauStaff,
    who: agency,
    targets: ["advisoryPublished", "-"],
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
    audits: "advisory.withdraw",
    call: async (fx) => route("POST", "/api/v1/advisories/[id]/withdraw", { params: { id: await fx.advisory("draft") }, body: { reason: "Withdrawn by the route matrix." } }),
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
  { route: "GET /api/v1/audit/events", who: ["auditor"], hidden: true, call: () => route("GET", "/api/v1/audit/events") },
  { route: "GET /api/v1/audit/events/[id]", who: ["auditor"], hidden: true, call: async (fx) => route("GET", "/api/v1/audit/events/[id]", { params: { id: await fx.someAuditEventId() } }) },
  { route: "GET /api/v1/audit/export.csv", who: ["auditor"], hidden: true, audits: "audit.export", call: () => route("GET", "/api/v1/audit/export.csv", { query: { action: "auth.sign_in" } }) },
  { route: "GET /api/v1/audit/anomalies", who: ["auditor"], hidden: true, call: () => route("GET", "/api/v1/audit/anomalies") },
  { route: "GET /api/v1/audit/verify", who: ["auditor"], hidden: true, audits: "audit.verify", call: () => route("GET", "/api/v1/audit/verify") },
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

// ---- Server actions ----

const file = {
  account: "app/(portal)/account/actions.ts",
  admin: "app/(portal)/admin/users/actions.ts",
  agencyAdvisories: "app/(portal)/agency/advisories/actions.ts",
  agencyDisclosures: "app/(portal)/agency/disclosures/actions.ts",
  companyAdvisories: "app/(portal)/company/advisories/actions.ts",
  companyDisclosures: "app/(portal)/company/disclosures/actions.ts",
  profile: "app/(portal)/company/profile/actions.ts",
  tokens: "app/(portal)/company/tokens/actions.ts",
  companyUsers: "app/(portal)/company/users/actions.ts",
  verify: "app/(portal)/oversight/verify/actions.ts",
  links: "app/_account-links/actions.ts",
  root: "app/actions.ts",
  signIn: "app/sign-in/actions.ts",
};
const userTargets = ["hoshino", "aoba"] as const;
/** A platform admin manages every user; a company admin those of the own company. */
const managesUser = (c: Caller, t: Target) => c === "platformAdmin" || (c === "hoshinoAdmin" && t === "hoshino");
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

export const actionRows: Row[] = [
  // ---- Before sign-in: the session plays no part, so every caller gets the same answer ----
  { route: `${file.signIn}#signInAction`, who: "anyone", status: 422, call: () => action({ email: "not an address", password: "" }, "/") },
  { route: `${file.signIn}#beginEnrolmentAction`, who: "anyone", status: 422, call: () => action({ email: "not an address", password: "" }) },
  { route: `${file.signIn}#demoCodeAction`, who: "anyone", call: () => action("nobody@example.test") },
  { route: `${file.links}#requestResetAction`, who: "anyone", call: () => action({ email: "nobody@example.test" }) },
  // A link that names no invitation is refused alike for everyone (and recorded as such).
  {
    route: `${file.links}#completeLinkAction`,
    who: "anyone",
    status: 422,
    audits: "account_link.rejected",
    call: () => action("invitation", { token: "k".repeat(43), email: "", password: "A long enough passphrase 1", confirmPassword: "A long enough passphrase 1" }),
  },
  { route: `${file.root}#setLanguage`, who: "anyone", call: () => action(form({ locale: "ja" })) },

  // ---- Everyone's own account ----
  // Signing out ends the caller's own session only (an anonymous caller has none): the harness signs it in again.
  { route: `${file.root}#signOutAction`, who: "anyone", audits: (c) => (c === "anonymous" ? null : "auth.sign_out"), call: () => action() },
  // A wrong current password is refused after the gate (422), so no session ends here.
  {
    route: `${file.account}#changePasswordAction`,
    malformed: junkValues,
    who: "signed-in",
    status: 422,
    call: () => action({ currentPassword: "not the password", email: "", password: "A long enough passphrase 1", confirmPassword: "A long enough passphrase 1" }),
  },
  // Every demo account with a second factor has one already; the others may start one.
  { route: `${file.account}#startEnrolmentAction`, who: "signed-in", status: (c) => (hasAuthenticator(c) ? 409 : 200), call: () => action() },
  { route: `${file.account}#confirmEnrolmentAction`, malformed: junkValues, who: "signed-in", status: (c) => (hasAuthenticator(c) ? 409 : 422), call: () => action({ code: "000000" }) },
  { route: `${file.account}#regenerateCodesAction`, who: "signed-in", status: (c) => (hasAuthenticator(c) ? 200 : 409), audits: "mfa.recovery_codes_regenerate", call: () => action() },
  // Those who must keep a second factor are refused (409); the company callers have none to remove.
  { route: `${file.account}#removeAuthenticatorAction`, who: "signed-in", status: (c) => (mustKeepSecondFactor(c) ? 409 : 200), call: () => action() },
  {
    route: `${file.account}#revokeSessionAction`,
    who: "signed-in",
    audits: "session.revoke",
    call: async (fx, _t, c) => action(null, form({ sessionId: c === "anonymous" ? "00000000-0000-4000-8000-000000000000" : await fx.otherSession(c) })),
  },

  // ---- Disclosures ----
  {
    route: `${file.companyDisclosures}#createDisclosureAction`,
    malformed: junkValues,
    who: company,
    audits: "disclosure.create",
    call: (_fx, _t, c) => action({ reportingPeriod: `${2070 + callers.indexOf(c)}-H2`, items: [] }),
  },
  {
    route: `${file.companyDisclosures}#saveDraftAction`,
    malformed: junkField("changes"),
    who: company,
    targets: disclosureTargets,
    inScope: ownDisclosure,
    status: (_c, t) => (t === "hoshinoDraft" ? 200 : 409),
    audits: "disclosure.update",
    call: async (fx, t) => action({ id: idOf(t), revision: await fx.revisionOf(idOf(t)), changes: { notes: "Route matrix." } }),
  },
  {
    route: `${file.companyDisclosures}#submitDisclosureAction`,
    malformed: junkField("revision"),
    who: company,
    targets: ["minatoSubmitted", "-"],
    inScope: (c, t) => ownDisclosure(c, t === "-" ? "hoshinoDraft" : t),
    audits: "disclosure.submit",
    call: async (fx, t) => action(t === "-" ? await fx.hoshinoDraft() : { id: idOf(t) }),
  },
  {
    route: `${file.companyDisclosures}#withdrawDisclosureAction`,
    who: company,
    targets: ["minatoSubmitted", "-"],
    inScope: (c, t) => ownDisclosure(c, t === "-" ? "hoshinoDraft" : t),
    audits: "disclosure.withdraw",
    call: async (fx, t) => action({ id: t === "-" ? (await fx.hoshinoDraft()).id : idOf(t) }),
  },
  {
    route: `${file.agencyDisclosures}#reviewDisclosureAction`,
    malformed: junkField("review"),
    who: agency,
    targets: disclosureTargets,
    inScope: disclosureInScope,
    audits: "disclosure.review",
    call: (_fx, t) => action({ id: idOf(t), review: { decision: "comment", comment: "Route matrix." } }),
  },
  {
    route: `${file.agencyDisclosures}#breakGlassAction`,
    malformed: junkField("justification"),
    who: ["agency_approver"],
    targets: disclosureTargets,
    inScope: (_c, t) => t !== "hoshinoDraft",
    audits: "disclosure.read",
    call: (_fx, t) => action({ id: idOf(t), justification: "Route matrix: checking who may break the glass." }),
  },

  // ---- Company profile and tokens ----
  {
    route: `${file.profile}#saveProfileAction`,
    malformed: junkValues,
    who: company,
    audits: "profile.update",
    call: () => action({ contactName: "Route Matrix", contactEmail: "matrix@example.test", contactPhone: "+81 3-0000-0000", productCodes: ["permanent_magnets"] }),
  },
  { route: `${file.tokens}#createTokenAction`, malformed: junkValues, who: ["company_admin"], audits: "api_token.create", call: () => action({ name: "Route matrix", expiresInDays: 7 }) },
  {
    route: `${file.tokens}#revokeTokenAction`,
    who: ["company_admin"],
    // Hoshino's admin's own token; Aoba has no admin among the callers.
    audits: "api_token.revoke",
    call: async (fx) => action(null, form({ tokenId: await fx.hoshinoToken() })),
  },

  // ---- Advisories ----
  {
    route: `${file.agencyAdvisories}#saveAdvisoryAction`,
    malformed: junkField("values"),
    inScope: (c, t) => t === "-" || bureauStaff(c),
    who: agency,
    targets: ["-", "advisoryPublished"],
    // "-" creates one; editing a published advisory is refused (409): it is revised instead.
    status: (_c, t) => (t === "-" ? 200 : 409),
    audits: (_c, t) => (t === "-" ? "advisory.create" : null),
    call: (_fx, t) => action(t === "-" ? { mode: "create", values: freshAdvisoryContent } : { mode: "edit", id: idOf(t), values: { summary: "Changed by the route matrix." } }),
  },
  {
    route: `${file.agencyAdvisories}#previewReachAction`,
    malformed: junkValues,
    who: agency,
    call: () => action({ products: ["permanent_magnets"], countries: [], organisations: [] }),
  },
  {
    route: `${file.agencyAdvisories}#requestApprovalAction`,
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    audits: "advisory.request_approval",
    call: async (fx) => action({ id: await fx.advisory("draft") }),
  },
  {
    route: `${file.agencyAdvisories}#approveAction`,
    inScope: bureauStaff,
    who: ["agency_approver"],
    targets: ["-"],
    audits: "advisory.approve",
    call: async (fx) => action({ id: await fx.advisory("pending_approval") }),
  },
  {
    route: `${file.agencyAdvisories}#withdrawAction`,
    malformed: junkField("reason"),
    inScope: bureauStaff,
    who: agency,
    targets: ["-"],
    audits: "advisory.withdraw",
    call: async (fx) => action({ id: await fx.advisory("draft"), reason: "Withdrawn by the route matrix." }),
  },
  {
    route: `${file.companyAdvisories}#acknowledgeAction`,
    malformed: junkField("acknowledgement"),
    who: company,
    targets: ["-"],
    inScope: (c) => isHoshino(c),
    audits: "advisory.acknowledge",
    call: async (fx) => action({ id: await fx.advisory("published"), acknowledgement: { note: "Seen by the route matrix." } }),
  },

  // ---- The audit log ----
  { route: `${file.verify}#verifyAction`, who: ["auditor"], hidden: true, audits: "audit.verify", call: () => action() },
  { route: `${file.verify}#sealAction`, who: ["auditor"], hidden: true, call: () => action() },

  // ---- Administration: platform admins everywhere, company admins within their company ----
  {
    route: `${file.admin}#inviteUserAction`,
    malformed: junkField("email"),
    who: ["platform_admin", "company_admin"],
    targets: userTargets,
    inScope: managesUser,
    audits: "user.invite",
    call: (_fx, t, c) => action({ email: `matrix-${callers.indexOf(c)}-${t}@example.test`, displayName: "Route Matrix", organisationId: idOf(t), role: "company_officer" }),
  },
  {
    route: `${file.admin}#createOrganisationAction`,
    malformed: junkValues,
    who: ["platform_admin"],
    audits: "organisation.create",
    call: (_fx, _t, c) => action({ type: "agency", nameEn: `Matrix agency ${callers.indexOf(c)}`, nameJa: `マトリクス庁 ${callers.indexOf(c)}` }),
  },
  {
    route: `${file.admin}#changeRoleAction`,
    malformed: junkField("role"),
    who: ["platform_admin", "company_admin"],
    targets: userTargets,
    inScope: managesUser,
    audits: "user.role_change",
    call: async (fx, t) => action({ userId: await fx.user(t as "hoshino" | "aoba"), role: "company_admin" }),
  },
  {
    route: `${file.admin}#setAssignmentsAction`,
    malformed: junkField("productCodes"),
    who: ["platform_admin"],
    audits: "product_assignment.change",
    // A new reviewer, assigned a product.
    call: async (fx) => action({ userId: await fx.user("esb"), productCodes: ["permanent_magnets"] }),
  },
  {
    route: `${file.admin}#declareConflictAction`,
    malformed: junkField("reason"),
    // Agency staff declare their own; the platform admin declares anyone's (here the reviewer's).
    who: ["platform_admin", ...agency],
    audits: "conflict.declare",
    call: (_fx, _t, c) =>
      action({
        ...(c === "platformAdmin" ? { userId: "00000000-0000-4000-9000-000000000011" } : {}),
        companyId: demoOrgIds.tsubame,
        reason: "Route matrix: a declared interest.",
        validFrom: "2026-01-01",
      }),
  },
  // Ending someone's sessions and resetting their second factor are the platform admin's alone.
  ...(["disable", "enable", "revoke-sessions", "reset-mfa", "send-reset"] as const).map(
    (command): Row => ({
      route: `${file.admin}#userCommandAction`,
      label: command,
      who: command === "revoke-sessions" || command === "reset-mfa" ? ["platform_admin"] : ["platform_admin", "company_admin"],
      targets: userTargets,
      inScope: managesUser,
      call: async (fx, t) => action(null, form({ userId: await fx.user(t as "hoshino" | "aoba"), command })),
    }),
  ),
  {
    route: `${file.admin}#userCommandAction`,
    label: "end-conflict",
    who: ["platform_admin"],
    audits: "conflict.end",
    call: async (fx) => action(null, form({ command: "end-conflict", conflictId: await fx.conflict() })),
  },
  ...(["disable", "make-admin", "send-reset"] as const).map(
    (command): Row => ({
      route: `${file.companyUsers}#companyUserCommandAction`,
      label: command,
      who: ["platform_admin", "company_admin"],
      targets: userTargets,
      inScope: managesUser,
      call: async (fx, t) => action(null, form({ userId: await fx.user(t as "hoshino" | "aoba"), command })),
    }),
  ),
];

/** Agency staff, auditors and platform admins: their role requires a second factor (SPEC §6), enrolled or not. */
function mustKeepSecondFactor(c: Caller): boolean {
  const role = roleOf[c];
  return role === "agency_reviewer" || role === "agency_approver" || role === "auditor" || role === "platform_admin";
}

/** The demo accounts that sign in with an authenticator: agency staff, the auditor and the platform admin (SPEC §6). */
function hasAuthenticator(c: Caller): boolean {
  return c === "reviewer" || c === "reviewer2" || c === "approver" || c === "auditor" || c === "platformAdmin";
}
