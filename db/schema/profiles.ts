import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";

// A company's economic-security profile: who to contact, and its sector. The products it deals in live in organisation_products.
export const companyProfiles = pgTable(
  "company_profiles",
  {
    organisationId: uuid("organisation_id").primaryKey().references(() => organisations.id),
    contactName: text("contact_name").notNull(),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone").notNull(),
    // The company's sector (lib/sectors.ts), for advisories that target sectors; null until it says.
    sector: text("sector"),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id),
  },
  (t) => [index("company_profiles_sector_idx").on(t.sector).where(sql`${t.sector} is not null`)],
);
