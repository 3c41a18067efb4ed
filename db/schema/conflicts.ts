import { sql } from "drizzle-orm";
import { check, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";

// An agency user's declared conflict of interest with a company, valid over a period.
export const conflictDeclarations = pgTable(
  "conflict_declarations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    companyId: uuid("company_id").notNull().references(() => organisations.id),
    reason: text("reason").notNull(),
    // Days in Japan (migration 0033).
    validFrom: date("valid_from").notNull().default(sql`tokyo_today()`),
    validUntil: date("valid_until"),
    declaredBy: uuid("declared_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("conflict_declarations_user_company_idx").on(t.userId, t.companyId),
    // An end the day before the start is a declaration cancelled before it began (endConflict, migration 0045):
    // in force on no day. Any earlier end is refused.
    check("conflict_declarations_period_check", sql`${t.validUntil} is null or ${t.validUntil} >= ${t.validFrom} - 1`),
  ],
);
