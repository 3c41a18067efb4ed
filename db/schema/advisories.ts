import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./users";

export const advisoryStatuses = ["draft", "pending_approval", "published", "superseded", "withdrawn"] as const;
export type AdvisoryStatus = (typeof advisoryStatuses)[number];
export const advisorySeverities = ["info", "low", "moderate", "high", "critical"] as const;
export type AdvisorySeverity = (typeof advisorySeverities)[number];
export const tlpLabels = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] as const;
export type TlpLabel = (typeof tlpLabels)[number];
export const revisionStates = ["draft", "pending_approval", "published", "discarded"] as const;
export type RevisionState = (typeof revisionStates)[number];

/**
 * Who an advisory is for: companies dealing in the products, sourcing from the countries, of the sectors,
 * and the named companies. Revisions saved before sectors existed have no `sectors`: none.
 */
export interface AdvisoryTargets {
  products: string[];
  countries: string[];
  sectors?: string[];
  organisations: string[];
}

// An agency's advisory. Its content lives in revisions; `status` is what the advisory is to the outside
// world (a published advisory stays published while a new revision is being drafted and approved).
export const advisories = pgTable(
  "advisories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id").notNull().references(() => organisations.id),
    reference: text("reference").notNull().unique(),
    status: text("status", { enum: advisoryStatuses }).notNull().default("draft"),
    // The newest revision (possibly a draft) and the one companies read.
    currentRevision: integer("current_revision").notNull().default(1),
    publishedRevision: integer("published_revision"),
    // Counts saves of the working revision: PATCH may name it in If-Match.
    version: integer("version").notNull().default(1),
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => advisories.id),
    supersededById: uuid("superseded_by_id").references((): AnyPgColumn => advisories.id),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    firstPublishedAt: timestamp("first_published_at", { withTimezone: true }),
    lastPublishedAt: timestamp("last_published_at", { withTimezone: true }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnBy: uuid("withdrawn_by").references(() => users.id),
    withdrawalReason: text("withdrawal_reason"),
  },
  (t) => [
    index("advisories_agency_idx").on(t.agencyId, t.updatedAt, t.id),
    index("advisories_published_idx").on(t.lastPublishedAt, t.id),
    check("advisories_status_check", sql`${t.status} in ('draft', 'pending_approval', 'published', 'superseded', 'withdrawn')`),
    check("advisories_published_check", sql`(${t.publishedRevision} is null) = (${t.firstPublishedAt} is null)`),
  ],
);

// One revision of an advisory's content. A published revision is never changed nor deleted (trigger,
// migration 0007); a draft revision is edited in place until it is approved.
export const advisoryRevisions = pgTable(
  "advisory_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    advisoryId: uuid("advisory_id").notNull().references(() => advisories.id),
    number: integer("number").notNull(),
    state: text("state", { enum: revisionStates }).notNull().default("draft"),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    severity: text("severity", { enum: advisorySeverities }).notNull(),
    tlp: text("tlp", { enum: tlpLabels }).notNull(),
    targets: jsonb("targets").$type<AdvisoryTargets>().notNull(),
    changeSummary: text("change_summary"),
    authorId: uuid("author_id").notNull().references(() => users.id),
    /** Everyone who wrote this revision's content (its author and whoever saved an edit): none may approve it. */
    editors: uuid("editors").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    approvalRequestedAt: timestamp("approval_requested_at", { withTimezone: true }),
    approvalRequestedBy: uuid("approval_requested_by").references(() => users.id),
    approvedBy: uuid("approved_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    // The last return for changes (migration 0044): awaiting approval, it went back to draft, by whom, when and
    // why. Kept as it is through the edits, the next request and the approval; a later return replaces it.
    returnedAt: timestamp("returned_at", { withTimezone: true }),
    returnedBy: uuid("returned_by").references(() => users.id),
    returnReason: text("return_reason"),
  },
  (t) => [
    unique("advisory_revisions_number_unique").on(t.advisoryId, t.number),
    index("advisory_revisions_state_idx").on(t.state),
    check("advisory_revisions_number_check", sql`${t.number} >= 1`),
    check("advisory_revisions_state_check", sql`${t.state} in ('draft', 'pending_approval', 'published', 'discarded')`),
    check("advisory_revisions_severity_check", sql`${t.severity} in ('info', 'low', 'moderate', 'high', 'critical')`),
    check("advisory_revisions_tlp_check", sql`${t.tlp} in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`),
  ],
);

// One per advisory and targeted company, written when the advisory is published (all in one statement,
// at the publishing transaction's timestamp). A later revision updates `currentRevision` and `revisedAt`.
export const advisoryDeliveries = pgTable(
  "advisory_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    advisoryId: uuid("advisory_id").notNull().references(() => advisories.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }).notNull(),
    deliveredRevision: integer("delivered_revision").notNull(),
    currentRevision: integer("current_revision").notNull(),
    revisedAt: timestamp("revised_at", { withTimezone: true }),
    firstReadAt: timestamp("first_read_at", { withTimezone: true }),
    firstReadBy: uuid("first_read_by").references(() => users.id),
    readRevision: integer("read_revision"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id),
    acknowledgedRevision: integer("acknowledged_revision"),
    acknowledgementNote: text("acknowledgement_note"),
  },
  (t) => [
    unique("advisory_deliveries_unique").on(t.advisoryId, t.organisationId),
    index("advisory_deliveries_organisation_idx").on(t.organisationId, t.advisoryId),
  ],
);

// Every acknowledgement a company gave, one per delivery and revision (migration 0039): the delivery keeps
// only the latest, and the note is the company's own statement to the agency. Never changed nor removed
// (trigger), inserted behind the wall only as the acknowledgement the delivery shows, now, in the caller's name.
export const advisoryAcknowledgements = pgTable(
  "advisory_acknowledgements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // One delivery's, with its advisory and company (a trigger checks it: no foreign key, which would make
    // TRUNCATE of the deliveries fail on the key before their guard refuses it).
    deliveryId: uuid("delivery_id").notNull(),
    advisoryId: uuid("advisory_id").notNull().references(() => advisories.id),
    organisationId: uuid("organisation_id").notNull().references(() => organisations.id),
    revision: integer("revision").notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull(),
    acknowledgedBy: uuid("acknowledged_by").notNull().references(() => users.id),
    note: text("note"),
  },
  (t) => [
    unique("advisory_acknowledgements_revision_unique").on(t.deliveryId, t.revision),
    check("advisory_acknowledgements_revision_check", sql`${t.revision} >= 1`),
  ],
);

export type AdvisoryRow = typeof advisories.$inferSelect;
export type AdvisoryRevisionRow = typeof advisoryRevisions.$inferSelect;
export type AdvisoryDeliveryRow = typeof advisoryDeliveries.$inferSelect;
export type AdvisoryAcknowledgementRow = typeof advisoryAcknowledgements.$inferSelect;
