import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";

// The sectors a company belongs to, for targeting advisories (SPEC §3: targets by "sectors"): the Japan
// Standard Industrial Classification (JSIC, revision 14), with manufacturing at its two-digit level
// (where the industries of the critical products differ) and the other divisions whole. Codes are stable
// identifiers (`jsic_` and the JSIC code); their names are in the translation catalogue (`sectors.*`).
export const sectorCodes = [
  "jsic_a",
  "jsic_b",
  "jsic_c",
  "jsic_d",
  "jsic_e09",
  "jsic_e16",
  "jsic_e17",
  "jsic_e18",
  "jsic_e21",
  "jsic_e22",
  "jsic_e23",
  "jsic_e24",
  "jsic_e25",
  "jsic_e26",
  "jsic_e27",
  "jsic_e28",
  "jsic_e29",
  "jsic_e30",
  "jsic_e31",
  "jsic_e32",
  "jsic_f",
  "jsic_g",
  "jsic_h",
  "jsic_i",
  "jsic_j",
  "jsic_l",
  "jsic_p",
  "jsic_r",
] as const;

export type SectorCode = (typeof sectorCodes)[number];

const known = new Set<string>(sectorCodes);

export function isSectorCode(code: string): code is SectorCode {
  return known.has(code);
}

// A company's economic-security profile: who to contact, and its sector. The products it deals in live in organisation_products.
export const companyProfiles = pgTable(
  "company_profiles",
  {
    organisationId: uuid("organisation_id").primaryKey().references(() => organisations.id),
    contactName: text("contact_name").notNull(),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone").notNull(),
    // The company's sector (above), for advisories that target sectors; null until it says. The codes are
    // the application's to check (no database constraint): the list may grow without a migration.
    sector: text("sector", { enum: sectorCodes }),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id),
  },
  (t) => [index("company_profiles_sector_idx").on(t.sector).where(sql`${t.sector} is not null`)],
);
