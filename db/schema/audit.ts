import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditOutcomes = ["allowed", "denied", "error"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

// No foreign keys on purpose: the log must outlive, and never block changes to, the rows it describes.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorOrgId: uuid("actor_org_id"),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetOrgId: uuid("target_org_id"),
    outcome: text("outcome", { enum: auditOutcomes }).notNull(),
    purpose: text("purpose"),
    requestId: text("request_id"),
    clientIp: text("client_ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    check("audit_events_outcome_check", sql`${t.outcome} in ('allowed', 'denied', 'error')`),
    index("audit_events_occurred_idx").on(t.occurredAt),
    index("audit_events_actor_idx").on(t.actorUserId, t.occurredAt),
    index("audit_events_target_org_idx").on(t.targetOrgId, t.occurredAt),
    index("audit_events_action_idx").on(t.action, t.occurredAt),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
