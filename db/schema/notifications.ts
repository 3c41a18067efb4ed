import { index, integer, jsonb, pgTable, text, timestamp, uuid, check } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const emailStates = ["pending", "sent", "failed", "cancelled"] as const;
export type EmailState = (typeof emailStates)[number];

// The email outbox (lib/notifications): a message is written here in the transaction of the change it
// reports, and a worker on the job queue sends it. `pending` covers both "not tried yet" and "failed,
// retrying at next_attempt_at"; `failed` means every attempt failed and it is no longer retried;
// `cancelled` (migration 0034), that it was no longer to be sent when the worker reached it (the reason,
// an EmailCancelReason, in last_error).
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    // What the message is about (for the outbox page and for tests): `{ advisoryId, revision }`, say.
    reference: jsonb("reference").$type<Record<string, string | number>>().notNull().default({}),
    state: text("state", { enum: emailStates }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    // Of the attempts, those the mail server refused for good (isPermanentRefusal); migration 0028.
    refusals: integer("refusals").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    transport: text("transport"),
    messageId: text("message_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("email_outbox_due_idx").on(t.state, t.nextAttemptAt),
    index("email_outbox_created_idx").on(t.createdAt, t.id),
    check("email_outbox_state_check", sql`${t.state} in ('pending', 'sent', 'failed', 'cancelled')`),
  ],
);

/** Why a queued message was not sent (lib/notifications/deliver.ts). */
export const emailCancelReasons = ["recipient_disabled", "recipient_not_accepted", "advisory_withdrawn"] as const;
export type EmailCancelReason = (typeof emailCancelReasons)[number];

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;

// Anomaly flags already alerted to the auditors (lib/services/alert-anomalies.ts): one row per flag, so
// each is mailed once, however many servers look for new ones and however often.
export const anomalyAlerts = pgTable(
  "anomaly_alerts",
  {
    flagKey: text("flag_key").primaryKey(),
    rule: text("rule").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    alertedAt: timestamp("alerted_at", { withTimezone: true }).notNull().defaultNow(),
    // Migration 0027: whom the flag is about (rule, actor, address, attempted email; hashed), and the last
    // instant its window covered so far. Null in rows from before.
    subject: text("subject"),
    windowEnd: timestamp("window_end", { withTimezone: true }),
  },
  (t) => [index("anomaly_alerts_alerted_idx").on(t.alertedAt), index("anomaly_alerts_subject_idx").on(t.subject, t.windowEnd)],
);
