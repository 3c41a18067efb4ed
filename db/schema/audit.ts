import { sql } from "drizzle-orm";
import { bigint, check, customType, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditOutcomes = ["allowed", "denied", "error"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

// The id of the transaction that wrote a row (PostgreSQL's xid8): the sequencer chains an event only once
// every transaction that could still commit an earlier one has ended.
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

// No foreign keys on purpose: the log must outlive, and never block changes to, the rows it describes.
// Partitioned by month of occurred_at (migration 0005, README "The audit log"): drizzle cannot declare
// partitioning, so the table and its partitions are made by hand-written SQL; this is its query shape.
// A partitioned table's keys must include the partition column, hence (id, occurred_at) and a plain
// index on seq — the sequencer alone assigns seq, and verification reports any duplicate.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).notNull().default(sql`nextval('audit_events_id_seq')`),
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
    txId: xid8("tx_id").notNull().default(sql`pg_current_xact_id()`),
    // Written once by the sequencer (README, "The audit log"): position in the chain, the encoding's version,
    // and SHA-256(previous hash ‖ canonical encoding) in hex. A trigger refuses every other change.
    seq: bigint("seq", { mode: "number" }),
    chainVersion: smallint("chain_version"),
    hash: text("hash"),
  },
  (t) => [
    primaryKey({ name: "audit_events_pkey", columns: [t.id, t.occurredAt] }),
    check("audit_events_outcome_check", sql`${t.outcome} in ('allowed', 'denied', 'error')`),
    // One index per search of the auditors' console, each ending in the keyset (occurred_at, id).
    index("audit_events_occurred_idx").on(t.occurredAt, t.id),
    index("audit_events_actor_idx").on(t.actorUserId, t.occurredAt, t.id),
    index("audit_events_actor_org_idx").on(t.actorOrgId, t.occurredAt, t.id),
    index("audit_events_target_org_idx").on(t.targetOrgId, t.occurredAt, t.id),
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.occurredAt, t.id),
    index("audit_events_action_idx").on(t.action, t.occurredAt, t.id),
    // Break-glass accesses, for the anomaly rule that lists them (lib/audit/anomalies/break-glass.ts).
    index("audit_events_break_glass_idx").on(t.occurredAt, t.id).where(sql`${t.details} @> '{"breakGlass": true}'`),
    index("audit_events_seq_idx").on(t.seq),
    index("audit_events_unchained_idx").on(t.id).where(sql`${t.seq} is null`),
    // Migration 0024: a JSON null was encoded two ways (as {} by the sequencer, as null by verification).
    check("audit_events_details_object_check", sql`jsonb_typeof(${t.details}) = 'object'`),
    check(
      "audit_events_chain_check",
      sql`(${t.seq} is null and ${t.hash} is null and ${t.chainVersion} is null) or (${t.seq} >= 1 and ${t.hash} ~ '^[0-9a-f]{64}$' and ${t.chainVersion} is not null)`,
    ),
  ],
);

// Signed seals of the chain head (Ed25519 over the canonical checkpoint body), kept here and exported.
export const auditCheckpoints = pgTable("audit_checkpoints", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  headHash: text("head_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  keyId: text("key_id").notNull(),
  signature: text("signature").notNull(),
});

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

export type AuditEventRow = typeof auditEvents.$inferSelect;
