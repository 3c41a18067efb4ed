import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";

export const roles = [
  "company_officer",
  "company_admin",
  "agency_reviewer",
  "agency_approver",
  "auditor",
  "platform_admin",
] as const;
export type Role = (typeof roles)[number];

/** The languages a user may have their emails in; null on the row is both, Japanese then English (migration 0052). */
export const emailLocales = ["en", "ja"] as const;
export type EmailLocale = (typeof emailLocales)[number];

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash"),
  // Whether a password is set (an invitation not yet followed has none): what the account wall may read (migration 0049).
  hasPassword: boolean("has_password").generatedAlwaysAs(sql`password_hash is not null`),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  // Disabled by a platform admin (not the company's own admin), who alone may enable it again (migration 0045).
  disabledByPlatform: boolean("disabled_by_platform").notNull().default(false),
  // The language the user's emails are written in; null: both (migration 0052).
  emailLocale: text("email_locale", { enum: emailLocales }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
  check("users_email_locale_check", sql`${t.emailLocale} is null or ${t.emailLocale} in ('en', 'ja')`),
]);

// One membership per user for now: a user acts for exactly one organisation in one role.
export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id).unique(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    role: text("role", { enum: roles }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("memberships_organisation_idx").on(t.organisationId),
    check(
      "memberships_role_check",
      sql`${t.role} in ('company_officer', 'company_admin', 'agency_reviewer', 'agency_approver', 'auditor', 'platform_admin')`,
    ),
  ],
);

export const sessionRevocationReasons = ["sign_out", "user", "admin", "password_change", "role_change", "disabled", "idle", "expired"] as const;
export type SessionRevocationReason = (typeof sessionRevocationReasons)[number];

// Server-side session records referenced from the Auth.js token, so a session can be ended from the server.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // Why the session was ended (sign_out, user, admin, password_change, role_change, disabled; idle and expired
    // when a request came with a session past its idle or absolute limit).
    revokedReason: text("revoked_reason", { enum: sessionRevocationReasons }),
    revokedBy: uuid("revoked_by").references(() => users.id),
    // Whether the sign-in that opened it passed a second factor.
    mfa: boolean("mfa").notNull().default(false),
    clientIp: text("client_ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("user_sessions_user_idx").on(t.userId),
    check(
      "user_sessions_revoked_reason_check",
      sql`${t.revokedReason} is null or ${t.revokedReason} in ('sign_out', 'user', 'admin', 'password_change', 'role_change', 'disabled', 'idle', 'expired')`,
    ),
  ],
);

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
