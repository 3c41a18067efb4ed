import type { AuditAction } from "@/lib/audit/events";

// Which audit actions each rule watches. Typed as actions the log knows, so an entry cannot be a typo;
// an issue that adds a kind of event adds it here too when a rule should watch it.

/**
 * Reads of confidential content, counted by the unusual-volume rule and as reads in the access report. A
 * reach preview or deliveries list naming a company from its disclosed supplier countries is one (adding
 * one here means rebuilding the access rollup, as migration 0026 did).
 */
export const CONFIDENTIAL_READ_ACTIONS = ["profile.read", "disclosure.read", "insights.drill_down", "advisory.reach_preview"] as const satisfies readonly AuditAction[];

/** Administrative changes, flagged outside office hours. */
export const ADMINISTRATIVE_ACTIONS = [
  "api_token.create",
  "api_token.revoke",
  "user.invite",
  "user.role_change",
  "user.disable",
  "user.enable",
  "organisation.create",
  "organisation.mfa_policy",
  "product_assignment.change",
  "conflict.declare",
  "conflict.end",
  "mfa.remove",
  "session.revoke",
  "account_link.issue",
  "auth.unlock",
] as const satisfies readonly AuditAction[];

/** Refusals counted by the denial-burst rule. */
export const DENIAL_ACTIONS = [
  "access.denied",
  "auth.token_rejected",
  "auth.sign_in_throttled",
  "auth.token_throttled",
  "password_reset.throttled",
  "account_link.rejected",
] as const satisfies readonly AuditAction[];

export const SIGN_IN_FAILURE_ACTION = "auth.sign_in_failed" satisfies AuditAction;

/**
 * Refusals of what lies outside the actor's scope: outside an official's assignment, behind a conflict of
 * interest they declared, or another company's data tried by a company's user (`other_tenant`). A refusal
 * for one of `acrossOrganisations` (a platform admin or an auditor trying a company's disclosure, say)
 * counts only when its target belongs to an organisation other than the actor's: the same reason covers
 * what a role may not do in its own organisation.
 */
export const OUTSIDE_ASSIGNMENT = {
  action: "access.denied",
  reasons: ["outside_assignment", "conflict_of_interest", "other_tenant"],
  acrossOrganisations: ["role_lacks_permission"],
} as const satisfies {
  action: AuditAction;
  reasons: readonly string[];
  acrossOrganisations: readonly string[];
};

/**
 * The marker of a break-glass access in an event's details: `{ "breakGlass": true }`. The SQL repeats
 * it as a literal (see break-glass.ts) so that a partial index on it can be used.
 */
export const BREAK_GLASS_DETAIL = "breakGlass";
