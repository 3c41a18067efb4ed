import { z } from "zod";
import { emailLocales, tlpLabels } from "@/db/schema";

/** Every request id of the operator's command line starts with this: its events have no actor, and the anomaly rules tell them apart by it. */
export const OPERATOR_REQUEST_PREFIX = "cli-";

/** What an event records as its target's id when the caller named none (an empty form field, say). */
export const NO_TARGET_ID = "(none)";

const target = z.object({
  type: z.string().min(1),
  // A refusal records the id the caller claimed, which may be empty: recorded as claimed nothing, rather
  // than failing the event and losing the refusal with it.
  id: z.string().transform((id) => id || NO_TARGET_ID),
  orgId: z.uuid().nullable().optional(),
});

const base = {
  outcome: z.enum(["allowed", "denied", "error"]),
  target: target.optional(),
  purpose: z.string().max(2000).optional(),
};

const none = z.object({}).strict();

/** Every kind of audit event and the details it carries. A new kind is added here first. */
export const auditEventSchema = z.discriminatedUnion("action", [
  z.object({
    ...base,
    action: z.literal("auth.sign_in"),
    // `mfa`: the second factor the sign-in passed, when it needed one.
    details: z.object({ sessionId: z.uuid(), mfa: z.enum(["totp", "recovery_code"]).optional() }),
  }),
  z.object({
    ...base,
    action: z.literal("auth.sign_in_failed"),
    details: z.object({
      email: z.string().max(320),
      reason: z.enum(["unknown_user", "bad_password", "disabled", "no_membership", "bad_mfa_code", "bad_current_password"]),
    }),
  }),
  // An attempt refused unchecked because its account or client address is backing off or locked.
  z.object({
    ...base,
    action: z.literal("auth.sign_in_throttled"),
    details: z.object({ email: z.string().max(320), scope: z.enum(["account", "address"]), retryAfterSeconds: z.number().int() }),
  }),
  // A failure that locked an account, a client address, or an address's API-token attempts.
  z.object({
    ...base,
    action: z.literal("auth.locked_out"),
    details: z.object({ scope: z.enum(["account", "address", "token_address", "reset_address"]), subject: z.string().max(320), failures: z.number().int(), minutes: z.number().int() }),
  }),
  z.object({ ...base, action: z.literal("auth.token_throttled"), details: z.object({ retryAfterSeconds: z.number().int() }) }),
  // The server removed what had outlived its retention period (prune-retained-data.ts): how much, and the periods in days.
  z.object({
    ...base,
    action: z.literal("retention.prune"),
    details: z.object({
      emailBodies: z.number().int(),
      accountLinks: z.number().int(),
      sessions: z.number().int(),
      throttles: z.number().int(),
      anomalyAlerts: z.number().int(),
      emailBodyDays: z.number().int(),
      accountLinkDays: z.number().int(),
      sessionDays: z.number().int(),
    }),
  }),
  // An account's counted sign-in failures cleared: by a platform admin, or by a completed password reset.
  z.object({
    ...base,
    action: z.literal("auth.unlock"),
    details: z.object({ failures: z.number().int(), wasBlocked: z.boolean(), via: z.enum(["admin", "password_reset"]).optional() }),
  }),
  // A "forgot password" request refused unchecked: its client address asked too often.
  z.object({ ...base, action: z.literal("password_reset.throttled"), details: z.object({ retryAfterSeconds: z.number().int() }) }),
  z.object({ ...base, action: z.literal("mfa.enrolment_started"), details: none }),
  z.object({ ...base, action: z.literal("mfa.enrol"), details: z.object({ recoveryCodes: z.number().int() }) }),
  z.object({ ...base, action: z.literal("mfa.recovery_code_used"), details: z.object({ remaining: z.number().int() }) }),
  z.object({ ...base, action: z.literal("mfa.recovery_codes_regenerate"), details: z.object({ recoveryCodes: z.number().int() }) }),
  // The authenticator removed: by its user (where no rule requires one) or by a platform admin (a reset).
  z.object({ ...base, action: z.literal("mfa.remove"), details: z.object({ by: z.enum(["user", "admin"]) }) }),
  z.object({
    ...base,
    action: z.literal("session.revoke"),
    // `mfa_enrolment`: the user's sessions opened without a second factor, ended when they enrolled an authenticator;
    // `mfa_policy`: ended when their company came to require a second factor.
    details: z.object({ sessionIds: z.array(z.uuid()), reason: z.enum(["user", "admin", "password_change", "role_change", "disabled", "mfa_enrolment", "mfa_policy"]) }),
  }),
  z.object({ ...base, action: z.literal("password.change"), details: z.object({ via: z.enum(["account", "reset_link", "invitation"]) }) }),
  z.object({
    ...base,
    action: z.literal("account_link.issue"),
    details: z.object({ purpose: z.enum(["invitation", "password_reset"]), linkId: z.uuid(), expiresAt: z.string() }),
  }),
  z.object({
    ...base,
    action: z.literal("account_link.rejected"),
    details: z.object({ reason: z.enum(["unknown", "expired", "used", "superseded"]), purpose: z.enum(["invitation", "password_reset"]).optional() }),
  }),
  z.object({
    ...base,
    action: z.literal("user.invite"),
    details: z.object({ email: z.string().max(320), role: z.string(), organisationId: z.uuid() }),
  }),
  z.object({ ...base, action: z.literal("user.role_change"), details: z.object({ from: z.string(), to: z.string() }) }),
  // Disabling also stops the account's unused links and revokes its live API tokens (each `api_token.revoke`):
  // how many. Enabling it again brings neither back.
  z.object({ ...base, action: z.literal("user.disable"), details: z.object({ expiredLinks: z.number().int(), revokedTokens: z.number().int() }).strict() }),
  z.object({ ...base, action: z.literal("user.enable"), details: none }),
  z.object({
    ...base,
    action: z.literal("organisation.create"),
    details: z.object({ type: z.string(), nameEn: z.string(), nameJa: z.string() }),
  }),
  z.object({ ...base, action: z.literal("organisation.mfa_policy"), details: z.object({ mfaRequired: z.boolean() }) }),
  z.object({
    ...base,
    action: z.literal("product_assignment.change"),
    details: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
  }),
  z.object({
    ...base,
    action: z.literal("conflict.declare"),
    details: z.object({
      userId: z.uuid(),
      companyId: z.uuid(),
      validFrom: z.string(),
      validUntil: z.string().nullable(),
      self: z.boolean(),
    }),
  }),
  z.object({ ...base, action: z.literal("conflict.end"), details: z.object({ userId: z.uuid(), companyId: z.uuid(), validUntil: z.string() }) }),
  z.object({ ...base, action: z.literal("auth.sign_out"), details: z.object({ sessionId: z.uuid() }) }),
  z.object({ ...base, action: z.literal("auth.session_ended"), details: z.object({ sessionId: z.uuid(), reason: z.enum(["idle", "expired"]) }) }),
  z.object({ ...base, action: z.literal("auth.token_used"), details: z.object({ tokenId: z.uuid() }) }),
  z.object({
    ...base,
    action: z.literal("auth.token_rejected"),
    details: z.object({ reason: z.enum(["malformed", "unknown", "expired", "revoked", "disabled"]), prefix: z.string().max(64).optional() }),
  }),
  z.object({ ...base, action: z.literal("api_token.create"), details: z.object({ name: z.string(), expiresAt: z.string() }) }),
  z.object({ ...base, action: z.literal("api_token.expiry_reminder"), details: z.object({ expiresAt: z.string() }).strict() }),
  z.object({ ...base, action: z.literal("api_token.revoke"), details: z.object({ reason: z.enum(["password_change", "password_reset", "disabled", "role_change", "mfa_reset"]).optional() }).strict() }),
  // A person took away what the portal keeps about them (`exportOwnData`): how many of their events it listed, of how many.
  z.object({ ...base, action: z.literal("account.data_export"), details: z.object({ events: z.number().int(), eventTotal: z.number().int() }).strict() }),
  // A person chose the language of their own emails (`setEmailLocale`): what it was and what it is (null: both languages).
  z.object({
    ...base,
    action: z.literal("account.email_locale"),
    details: z.object({ from: z.enum(emailLocales).nullable(), to: z.enum(emailLocales).nullable() }).strict(),
  }),
  // New high-severity anomaly flags mailed to the auditors (`alertAnomalies`): how many, by rule, to how many auditors.
  z.object({
    ...base,
    action: z.literal("anomaly.alert"),
    details: z.object({ flags: z.number().int(), rules: z.record(z.string(), z.number().int()), recipients: z.number().int() }).strict(),
  }),
  z.object({ ...base, action: z.literal("profile.read"), details: none }),
  z.object({
    ...base,
    action: z.literal("profile.update"),
    details: z.object({ changed: z.array(z.string()), version: z.number().int() }),
  }),
  z.object({
    ...base,
    action: z.literal("audit.export"),
    details: z.object({ format: z.enum(["csv", "json"]), filters: z.record(z.string(), z.unknown()) }),
  }),
  z.object({
    ...base,
    action: z.literal("audit.search"),
    details: z
      .object({ filters: z.record(z.string(), z.unknown()), limit: z.number().int(), continued: z.boolean(), results: z.number().int() })
      .strict(),
  }),
  z.object({ ...base, action: z.literal("audit.event_read"), details: none }),
  // A company's officer or admin took its access log away as CSV (`exportAccessLog`), with the filters as understood.
  z.object({
    ...base,
    action: z.literal("access_log.export"),
    details: z.object({ format: z.literal("csv"), filters: z.record(z.string(), z.unknown()) }).strict(),
  }),
  z.object({
    ...base,
    action: z.literal("audit.access_report"),
    details: z.object({ filters: z.record(z.string(), z.unknown()), rows: z.number().int() }).strict(),
  }),
  z.object({
    ...base,
    action: z.literal("audit.verify"),
    // exportedCheckpoints: how many checkpoints kept outside the server the run was held against (since stop 40).
    details: z.object({ ok: z.boolean(), checkedThrough: z.number().int(), firstBadSeq: z.number().int().nullable(), exportedCheckpoints: z.number().int().optional() }),
  }),
  z.object({
    ...base,
    action: z.literal("audit.checkpoint"),
    details: z.object({ seq: z.number().int(), keyId: z.string() }),
  }),
  // `revived`: the period's draft, withdrawn before it was ever submitted, started again.
  z.object({ ...base, action: z.literal("disclosure.create"), details: z.object({ reportingPeriod: z.string(), itemCount: z.number().int(), revived: z.literal(true).optional() }) }),
  z.object({ ...base, action: z.literal("disclosure.update"), details: z.object({ revision: z.number().int(), itemCount: z.number().int(), changed: z.array(z.string()) }) }),
  z.object({ ...base, action: z.literal("disclosure.submit"), details: z.object({ version: z.number().int(), itemCount: z.number().int() }) }),
  z.object({ ...base, action: z.literal("disclosure.withdraw"), details: z.object({ from: z.string() }) }),
  // A government read of a company's disclosure; break-glass reads carry the marker and the justification as purpose.
  z.object({
    ...base,
    action: z.literal("disclosure.read"),
    details: z.object({ version: z.number().int().nullable(), breakGlass: z.literal(true).optional() }),
  }),
  z.object({
    ...base,
    action: z.literal("disclosure.review"),
    details: z.object({ decision: z.enum(["comment", "request_changes", "accept"]), version: z.number().int(), from: z.string(), to: z.string() }),
  }),
  z.object({
    ...base,
    action: z.literal("advisory.create"),
    details: z.object({ revision: z.number().int(), severity: z.string(), tlp: z.string(), supersedes: z.uuid().optional() }),
  }),
  z.object({ ...base, action: z.literal("advisory.update"), details: z.object({ revision: z.number().int(), changed: z.array(z.string()) }) }),
  z.object({ ...base, action: z.literal("advisory.revise"), details: z.object({ revision: z.number().int() }) }),
  z.object({ ...base, action: z.literal("advisory.request_approval"), details: z.object({ revision: z.number().int() }) }),
  // Approval publishes: every delivery and every notification is written in the same transaction.
  z.object({
    ...base,
    action: z.literal("advisory.approve"),
    details: z.object({
      revision: z.number().int(),
      publishedAt: z.string(),
      deliveries: z.number().int(),
      newDeliveries: z.number().int(),
      emails: z.number().int(),
      superseded: z.uuid().optional(),
    }),
  }),
  z.object({
    ...base,
    action: z.literal("advisory.withdraw"),
    details: z.object({ from: z.string(), reason: z.string(), emails: z.number().int() }),
  }),
  // An opening of an advisory: a company's first opening of a revision delivered to it (its read receipt:
  // `receipt`; `first` when it is the company's first opening of the advisory at all), and every opening, by
  // anyone, of a revision under limited disclosure (TLP AMBER, AMBER+STRICT, RED).
  // A revision awaiting approval returned to its writers as a draft, with what should change.
  z.object({ ...base, action: z.literal("advisory.return"), details: z.object({ revision: z.number().int(), reason: z.string() }) }),
  z.object({
    ...base,
    action: z.literal("advisory.read"),
    details: z.object({ revision: z.number().int(), tlp: z.enum(tlpLabels), receipt: z.boolean(), first: z.boolean() }),
  }),
  z.object({ ...base, action: z.literal("advisory.acknowledge"), details: z.object({ revision: z.number().int(), withNote: z.boolean() }) }),
  // The agency's delivery list as CSV; or an advisory under limited disclosure exported as a document.
  z.object({
    ...base,
    action: z.literal("advisory.export"),
    details: z.union([
      z.object({ format: z.literal("deliveries_csv"), rows: z.number().int() }),
      z.object({ format: z.enum(["csaf", "cap"]), revision: z.number().int(), tlp: z.enum(tlpLabels) }),
    ]),
  }),
  // An advisory's reach previewed with supplier-country targets: one event per company the drafter was
  // shown because its disclosures name one of those countries. The countries are not kept: against the
  // company, they would tell auditors where it sources from.
  z.object({
    ...base,
    action: z.literal("advisory.reach_preview"),
    details: z.object({ products: z.array(z.string()) }),
  }),
  // Risk insights: a view or export of aggregates (no company named), and a drill-down that read one company's figures.
  z.object({
    ...base,
    action: z.literal("insights.view"),
    details: z.object({ period: z.string(), products: z.array(z.string()), format: z.enum(["page", "json", "csv"]) }),
  }),
  z.object({
    ...base,
    action: z.literal("insights.drill_down"),
    // Not the supplier country a drill-down was narrowed to: against the company, it would tell auditors
    // what the company's figures say (auditors see metadata, never disclosure content).
    details: z.object({ period: z.string(), productCode: z.string(), version: z.number().int() }),
  }),
  // A request refused for what it carried (400, 413, 415, 422, 428), after whatever authorization it
  // passed: the operation, the status and the fields at fault, never their values (record-refusal.ts).
  z.object({
    ...base,
    action: z.literal("request.invalid"),
    details: z.object({ operation: z.string().max(300), status: z.number().int(), code: z.string(), fields: z.array(z.string().max(200)).max(20) }),
  }),
  // A request that failed unexpectedly (500): the operation; the server log holds the error under the same request id.
  z.object({ ...base, action: z.literal("request.failed"), details: z.object({ operation: z.string().max(300) }) }),
  // A refused attempt at anything: the permission or operation asked for, and why it was refused.
  z.object({
    ...base,
    action: z.literal("access.denied"),
    details: z.object({ attempted: z.string(), reason: z.string() }),
  }),
]);

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditAction = AuditEvent["action"];
