import type { Role } from "@/db/schema";
import { demoAdvisoryIds } from "@/lib/demo/seed-advisories";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import type { RouteCall } from "./route-harness";

// The route inventory's model: the callers, the targets, the shape of a row and the scope rules rows share.
// Its two tables are route-rows-api.ts (every API route and method) and route-rows-actions.ts (every
// server action): who may use each, on what, and what it records. route-matrix.int.test.ts runs each row
// as every kind of caller against the targets the row names and asserts the exact status and the audit
// events; a route file, method or action without a row fails it. route-matrix-tokens.int.test.ts runs the
// same rows with bearer tokens instead of sessions.
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

export const company: Role[] = ["company_officer", "company_admin"];
export const agency: Role[] = ["agency_reviewer", "agency_approver"];
export const isHoshino = (c: Caller) => c === "hoshinoOfficer" || c === "hoshinoAdmin";

/** Objects made afresh for one call, so that a call that succeeds does not change what the next one meets. */
export interface Fixtures {
  /** A new draft disclosure of Hoshino's, for a period of its own. */
  hoshinoDraft(): Promise<{ id: string; revision: number }>;
  /** A new advisory of the bureau's, authored by the reviewer and aimed at Hoshino alone, in the given state. */
  advisory(state: "draft" | "pending_approval" | "published"): Promise<string>;
  /** The current revision of a disclosure. */
  revisionOf(id: string): Promise<number>;
  /** The current version (ETag) of an advisory. */
  advisoryVersionOf(id: string): Promise<number>;
  /** The id of an audit event that exists. */
  someAuditEventId(): Promise<string>;
  /** A new invited user: a company officer of Hoshino or Aoba, or a reviewer of the bureau. */
  user(org: "hoshino" | "aoba" | "esb"): Promise<string>;
  /** A second open session of the caller's (another browser), to end. */
  otherSession(caller: Caller): Promise<string>;
  /** A new API token of Hoshino's admin. */
  hoshinoToken(): Promise<string>;
  /** A new conflict declaration, with Aoba, of a new reviewer of its own. */
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
  /** For a permitted, in-scope caller: whether the object is still not theirs to act on this way (403, audited), such as a colleague's draft to send for approval. */
  forbidden?: (caller: Caller, target: Target) => boolean;
  /** The status a permitted, in-scope caller gets (200 unless said). */
  status?: number | ((caller: Caller, target: Target) => number);
  /**
   * The route reads no credential at all (a plain handler outside `apiRoute`, open to anyone): a bearer
   * token, live or dead, changes nothing, where a route of `apiRoute` refuses a dead one even if it is open.
   */
  credentials?: "ignored";
  /** Only a person signed in may act (`SESSION_ONLY` in the policy): a permitted role's live token gets 403, audited. */
  sessionOnly?: boolean;
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

export const route = (method: string, pattern: string, rest: Omit<RouteCall, "method" | "route"> = {}): Call => ({ kind: "route", method, route: pattern, ...rest });
export const action = (...args: unknown[]): Call => ({ kind: "action", args });

/** A value no schema of the portal accepts: an unknown field where text, numbers or known fields belong. */
const junk = { "not a field": true };
/** The call with junk for its JSON body. */
export const junkBody = (call: Call): Call => ({ ...call, body: junk }) as Call;
/** The action called with junk for its values. */
export const junkValues = (call: Call): Call => ({ ...call, args: [junk] }) as Call;
/** The action called with junk in one field of its values (the ids it names kept). */
export const junkField =
  (field: string) =>
  (call: Call): Call => {
    const [values, ...rest] = (call as { args: unknown[] }).args;
    return { kind: "action", args: [{ ...(values as object), [field]: junk }, ...rest] };
  };

// ---- Disclosures ----

export const disclosureTargets = ["hoshinoSubmitted", "minatoSubmitted", "hoshinoDraft"] as const;
const disclosureIds: Partial<Record<Target, string>> = {
  hoshinoSubmitted: demoDisclosureIds.hoshinoH1,
  minatoSubmitted: demoDisclosureIds.minatoH1,
  hoshinoDraft: demoDisclosureIds.hoshinoH2,
};
export const idOf = (target: Target): string => disclosureIds[target] ?? advisoryIds[target] ?? orgIds[target] ?? "";

/** The own company's disclosures; for agency staff, submitted ones of products assigned to them, minus conflicts. */
export function disclosureInScope(c: Caller, t: Target): boolean {
  if (isHoshino(c)) return t !== "minatoSubmitted";
  if (t === "hoshinoDraft") return false;
  return c === "approver" || ((c === "reviewer" || c === "otherAgency") && t === "hoshinoSubmitted") || (c === "reviewer2" && t === "minatoSubmitted");
}
/** Company writes reach only the own company's disclosures (agency staff lack the permission altogether). */
export const ownDisclosure = (c: Caller, t: Target) => isHoshino(c) && t !== "minatoSubmitted";

// ---- Advisories ----

const advisoryIds: Partial<Record<Target, string>> = {
  advisoryPublished: demoAdvisoryIds.rareEarths,
  advisoryClear: demoAdvisoryIds.batteryGuidance,
  advisoryPending: demoAdvisoryIds.gallium,
  advisoryDraft: demoAdvisoryIds.betaLactam,
};
/** Agency staff see every advisory of their agency (the bureau's, here); a company those delivered to it and published TLP:CLEAR ones. */
export function advisoryInScope(c: Caller, t: Target): boolean {
  if (c === "otherAgency") return false;
  if (agency.includes(roleOf[c]!)) return true;
  if (t === "advisoryClear") return true;
  // Heavy rare earths reached the magnet makers and users: Hoshino; Aoba (semiconductors) was not reached.
  return t === "advisoryPublished" && isHoshino(c);
}
/** The bureau's advisories exist for its own staff only: the other ministry's reviewer gets 404. */
export const bureauStaff = (c: Caller) => c !== "otherAgency";
export const allAdvisories = ["advisoryPublished", "advisoryClear", "advisoryPending", "advisoryDraft"] as const;

const orgIds: Partial<Record<Target, string>> = { hoshino: demoOrgIds.hoshino, aoba: demoOrgIds.aoba };

export const freshAdvisoryContent = {
  title: "Route matrix advisory",
  summary: "An advisory made for the route matrix.",
  body: "Made for one call of the route matrix.",
  severity: "moderate",
  tlp: "AMBER",
  targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] },
};
