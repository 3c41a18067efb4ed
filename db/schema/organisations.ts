import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organisationTypes = ["company", "agency", "audit_body", "operator"] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: text("type", { enum: organisationTypes }).notNull(),
    nameEn: text("name_en").notNull(),
    nameJa: text("name_ja").notNull(),
    // 13-digit corporate number (houjin bangou); companies only.
    corporateNumber: text("corporate_number").unique(),
    // A company admin may require a second factor at sign-in for every user of the company.
    mfaRequired: boolean("mfa_required").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("organisations_type_check", sql`${t.type} in ('company', 'agency', 'audit_body', 'operator')`),
    check(
      "organisations_corporate_number_check",
      sql`(${t.type} = 'company' and ${t.corporateNumber} ~ '^[0-9]{13}$') or (${t.type} <> 'company' and ${t.corporateNumber} is null)`,
    ),
  ],
);

export type Organisation = typeof organisations.$inferSelect;
