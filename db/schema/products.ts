import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";

export const productCategories = ["jp_specified", "eu_crma"] as const;

export const criticalProducts = pgTable(
  "critical_products",
  {
    code: text("code").primaryKey(),
    category: text("category", { enum: productCategories }).notNull(),
    nameEn: text("name_en").notNull(),
    nameJa: text("name_ja").notNull(),
  },
  (t) => [check("critical_products_code_check", sql`${t.code} ~ '^[a-z][a-z0-9_]*$'`)],
);

// The critical products a company deals in (part of its economic-security profile).
export const organisationProducts = pgTable(
  "organisation_products",
  {
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    productCode: text("product_code").notNull().references(() => criticalProducts.code),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.productCode] }),
    index("organisation_products_product_idx").on(t.productCode),
  ],
);

// Which critical products an agency user is assigned to (need-to-know).
export const productAssignments = pgTable(
  "product_assignments",
  {
    userId: uuid("user_id").notNull().references(() => users.id),
    productCode: text("product_code").notNull().references(() => criticalProducts.code),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.productCode] }),
    index("product_assignments_product_idx").on(t.productCode),
  ],
);
