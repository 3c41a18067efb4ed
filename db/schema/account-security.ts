import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// A user's TOTP authenticator. The secret is kept encrypted (AES-256-GCM, lib/security/secret-box.ts):
// unlike a password it must be read back to check a code. Until `confirmed_at` is set the enrolment is
// pending and the secret proves nothing.
export const userMfa = pgTable("user_mfa", {
  userId: uuid("user_id").primaryKey().references(() => users.id),
  secretCiphertext: text("secret_ciphertext").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  // The TOTP time step of the last accepted code: a code is accepted once, never again.
  lastTimeStep: bigint("last_time_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// Single-use recovery codes; only a SHA-256 digest of each is stored (they are long random strings).
export const mfaRecoveryCodes = pgTable(
  "mfa_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    codeHash: text("code_hash").notNull().unique(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("mfa_recovery_codes_user_idx").on(t.userId)],
);

// Failure counters for sign-in and API-token throttling, one row per key ("account:<email>",
// "address:<ip>", "token-address:<ip>"). See lib/security/throttle-policy.ts.
export const authThrottles = pgTable(
  "auth_throttles",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }),
  },
  (t) => [check("auth_throttles_failures_check", sql`${t.failures} >= 0`)],
);

export const accountLinkPurposes = ["invitation", "password_reset"] as const;
export type AccountLinkPurpose = (typeof accountLinkPurposes)[number];

// Invitation and password-reset links: single-use, expiring; only a SHA-256 digest of the secret is stored.
export const accountLinks = pgTable(
  "account_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    purpose: text("purpose", { enum: accountLinkPurposes }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("account_links_user_idx").on(t.userId),
    check("account_links_purpose_check", sql`${t.purpose} in ('invitation', 'password_reset')`),
  ],
);

export type UserMfa = typeof userMfa.$inferSelect;
export type AccountLink = typeof accountLinks.$inferSelect;
