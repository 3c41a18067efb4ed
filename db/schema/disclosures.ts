import { sql } from "drizzle-orm";
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { criticalProducts } from "./products";
import { users } from "./users";

export const disclosureStatuses = ["draft", "submitted", "under_review", "changes_requested", "accepted", "withdrawn"] as const;
export type DisclosureStatus = (typeof disclosureStatuses)[number];
export const valueChainStages = ["raw_material", "processing", "component", "final_product"] as const;
export const mitigationStrategies = ["diversify", "stockpile", "substitute", "reshore"] as const;
export const reviewDecisions = ["comment", "request_changes", "accept"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/** One exposure item as stored in a draft (JSON) — the same shape as the API's ExposureItem. */
export interface StoredExposureItem {
  productCode: string;
  hsCode?: string;
  material?: string;
  stage: (typeof valueChainStages)[number];
  supplierCountry: string;
  supplierName?: string;
  sharePercent: number;
  inventoryDays: number;
  leadTimeDays?: number;
  alternativeSuppliers: number;
  singleSource: boolean;
  riskFactors?: string[];
  mitigation?: { strategy: (typeof mitigationStrategies)[number]; plan: string; targetDate: string };
  confidentiality?: { claimed: boolean; reason?: string };
}

// A company's disclosure for one reporting period. Each submission freezes its working copy (below) into
// an immutable version. `revision` counts saves of the working copy and submissions: a save must name the
// revision it started from (If-Match).
export const disclosures = pgTable(
  "disclosures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    reportingPeriod: text("reporting_period").notNull(),
    status: text("status", { enum: disclosureStatuses }).notNull().default("draft"),
    revision: integer("revision").notNull().default(1),
    latestVersion: integer("latest_version").notNull().default(0),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").notNull().references(() => users.id),
    // The last change agency staff may see (a submission, a withdrawal, a review), set by the state-move
    // guard (migration 0041): a save of the working copy moves `updatedAt` and `revision`, never this.
    sharedAt: timestamp("shared_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("disclosures_org_period_unique").on(t.organisationId, t.reportingPeriod),
    unique("disclosures_id_org_unique").on(t.id, t.organisationId),
    index("disclosures_status_idx").on(t.status, t.updatedAt, t.id),
    index("disclosures_shared_idx").on(t.status, t.sharedAt, t.id),
    // From the year 2000 (0054; NOT VALID there: a disclosure filed earlier stays as it was filed).
    check("disclosures_period_check", sql`${t.reportingPeriod} ~ '^[2-9][0-9]{3}-H[12]$'`),
    check("disclosures_status_check", sql`${t.status} in ('draft', 'submitted', 'under_review', 'changes_requested', 'accepted', 'withdrawn')`),
  ],
);

// What the company is writing and has not submitted yet: its own users alone see it, officials never,
// not even of a disclosure they review (row-level security, migration 0031).
export const disclosureWorkingCopies = pgTable(
  "disclosure_working_copies",
  {
    disclosureId: uuid("disclosure_id").primaryKey(),
    organisationId: uuid("organisation_id").notNull(),
    items: jsonb("items").$type<StoredExposureItem[]>().notNull().default([]),
    notes: text("notes"),
  },
  (t) => [
    foreignKey({ name: "disclosure_working_copies_disclosure_fk", columns: [t.disclosureId, t.organisationId], foreignColumns: [disclosures.id, disclosures.organisationId] }).onDelete(
      "cascade",
    ),
  ],
);

// A submitted version: never updated nor deleted (triggers, migration 0006).
export const disclosureVersions = pgTable(
  "disclosure_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disclosureId: uuid("disclosure_id").notNull().references(() => disclosures.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    number: integer("number").notNull(),
    notes: text("notes"),
    submittedBy: uuid("submitted_by").notNull().references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("disclosure_versions_number_unique").on(t.disclosureId, t.number), check("disclosure_versions_number_check", sql`${t.number} >= 1`)],
);

// Versions whose reviewers are still to be told of them (migration 0053): a trigger on disclosure_versions
// queues each new one in its submission's transaction; the review-notice pass (notify-reviewers.ts) takes
// them off with the emails. Nobody behind the walls reads or writes it.
export const reviewNoticesDue = pgTable(
  "review_notices_due",
  {
    disclosureId: uuid("disclosure_id").notNull().references(() => disclosures.id),
    versionNumber: integer("version_number").notNull(),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.disclosureId, t.versionNumber], name: "review_notices_due_pkey" }), index("review_notices_due_queued_idx").on(t.queuedAt)],
);

// The rows of a version, one per product × stage × supplier country, in the order the company gave.
export const exposureItems = pgTable(
  "exposure_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id").notNull().references(() => disclosureVersions.id),
    disclosureId: uuid("disclosure_id").notNull().references(() => disclosures.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    position: integer("position").notNull(),
    productCode: text("product_code").notNull().references(() => criticalProducts.code),
    hsCode: text("hs_code"),
    material: text("material"),
    stage: text("stage", { enum: valueChainStages }).notNull(),
    supplierCountry: text("supplier_country").notNull(),
    supplierName: text("supplier_name"),
    sharePercent: numeric("share_percent", { precision: 5, scale: 2, mode: "number" }).notNull(),
    inventoryDays: integer("inventory_days").notNull(),
    leadTimeDays: integer("lead_time_days"),
    alternativeSuppliers: integer("alternative_suppliers").notNull(),
    singleSource: boolean("single_source").notNull(),
    riskFactors: jsonb("risk_factors").$type<string[]>().notNull().default([]),
    mitigationStrategy: text("mitigation_strategy", { enum: mitigationStrategies }),
    mitigationPlan: text("mitigation_plan"),
    mitigationTargetDate: date("mitigation_target_date"),
    confidentialityClaimed: boolean("confidentiality_claimed").notNull().default(false),
    confidentialityReason: text("confidentiality_reason"),
  },
  (t) => [
    unique("exposure_items_position_unique").on(t.versionId, t.position),
    index("exposure_items_product_idx").on(t.productCode, t.supplierCountry),
    check("exposure_items_share_check", sql`${t.sharePercent} >= 0 and ${t.sharePercent} <= 100`),
    check("exposure_items_country_check", sql`${t.supplierCountry} ~ '^[A-Z]{2}$'`),
  ],
);

// Review events on a disclosure, each tied to the version it was about. Never updated nor deleted.
export const disclosureReviews = pgTable(
  "disclosure_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disclosureId: uuid("disclosure_id").notNull().references(() => disclosures.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    versionNumber: integer("version_number").notNull(),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    decision: text("decision", { enum: reviewDecisions }).notNull(),
    comment: text("comment").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("disclosure_reviews_disclosure_idx").on(t.disclosureId, t.createdAt)],
);

/** The row of `exposure_items` for one item of a version. */
export function exposureItemRow(
  item: StoredExposureItem,
  at: { versionId: string; disclosureId: string; organisationId: string; position: number },
): typeof exposureItems.$inferInsert {
  return {
    ...at,
    productCode: item.productCode,
    hsCode: item.hsCode ?? null,
    material: item.material ?? null,
    stage: item.stage,
    supplierCountry: item.supplierCountry,
    supplierName: item.supplierName ?? null,
    sharePercent: item.sharePercent,
    inventoryDays: item.inventoryDays,
    leadTimeDays: item.leadTimeDays ?? null,
    alternativeSuppliers: item.alternativeSuppliers,
    singleSource: item.singleSource,
    riskFactors: item.riskFactors ?? [],
    mitigationStrategy: item.mitigation?.strategy ?? null,
    mitigationPlan: item.mitigation?.plan ?? null,
    mitigationTargetDate: item.mitigation?.targetDate ?? null,
    confidentialityClaimed: item.confidentiality?.claimed ?? false,
    confidentialityReason: item.confidentiality?.reason ?? null,
  };
}
