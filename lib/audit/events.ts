import { z } from "zod";

const target = z.object({
  type: z.string().min(1),
  id: z.string().min(1),
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
  z.object({ ...base, action: z.literal("auth.sign_in"), details: z.object({ sessionId: z.uuid() }) }),
  z.object({
    ...base,
    action: z.literal("auth.sign_in_failed"),
    details: z.object({ email: z.string().max(320), reason: z.enum(["unknown_user", "bad_password", "disabled", "no_membership"]) }),
  }),
  z.object({ ...base, action: z.literal("auth.sign_out"), details: z.object({ sessionId: z.uuid() }) }),
  z.object({ ...base, action: z.literal("auth.token_used"), details: z.object({ tokenId: z.uuid() }) }),
  z.object({
    ...base,
    action: z.literal("auth.token_rejected"),
    details: z.object({ reason: z.enum(["malformed", "unknown", "expired", "revoked", "disabled"]), prefix: z.string().max(64).optional() }),
  }),
  z.object({ ...base, action: z.literal("api_token.create"), details: z.object({ name: z.string(), expiresAt: z.string() }) }),
  z.object({ ...base, action: z.literal("api_token.revoke"), details: none }),
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
    action: z.literal("audit.verify"),
    details: z.object({ ok: z.boolean(), checkedThrough: z.number().int(), firstBadSeq: z.number().int().nullable() }),
  }),
  z.object({
    ...base,
    action: z.literal("audit.checkpoint"),
    details: z.object({ seq: z.number().int(), keyId: z.string() }),
  }),
  z.object({ ...base, action: z.literal("disclosure.create"), details: z.object({ reportingPeriod: z.string(), itemCount: z.number().int() }) }),
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
  // Risk insights: a view or export of aggregates (no company named), and a drill-down that read one company's figures.
  z.object({
    ...base,
    action: z.literal("insights.view"),
    details: z.object({ period: z.string(), products: z.array(z.string()), format: z.enum(["page", "json", "csv"]) }),
  }),
  z.object({
    ...base,
    action: z.literal("insights.drill_down"),
    details: z.object({ period: z.string(), productCode: z.string(), supplierCountry: z.string().nullable(), version: z.number().int() }),
  }),
  // A refused attempt at anything: the permission or operation asked for, and why it was refused.
  z.object({
    ...base,
    action: z.literal("access.denied"),
    details: z.object({ attempted: z.string(), reason: z.string() }),
  }),
]);

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditAction = AuditEvent["action"];
