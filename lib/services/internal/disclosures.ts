import { createHmac } from "node:crypto";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor, type Tx } from "@/db/client";
import {
  disclosureReviews,
  disclosures,
  disclosureVersions,
  exposureItems,
  organisations,
  productAssignments,
  users,
  type DisclosureStatus,
  type ReviewDecision,
  type StoredExposureItem,
} from "@/db/schema";
import { activeConflict } from "@/lib/authz/scope";
import type { Disclosure, DisclosureSummary } from "@/lib/schemas/disclosure";
import type { Actor } from "../context";
import { ConflictError, NotFoundError, withDenial } from "../errors";

export type DisclosureRow = typeof disclosures.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs: anything that is not a UUID names no disclosure (404, not a database error). */
export const isUuid = (id: string) => uuidPattern.test(id);

export const isCompanyRole = (actor: Actor) => actor.role === "company_officer" || actor.role === "company_admin";

/**
 * The second wall (migration 0006): the rest of the transaction runs as app_rls with the caller in the
 * session, so PostgreSQL's row-level security filters disclosure data whatever the queries ask for.
 * `breakGlassDisclosure` opens that one disclosure to an approver for this transaction only.
 */
export async function enterRowSecurity(tx: Tx, actor: Actor, breakGlassDisclosure?: string): Promise<void> {
  // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
  await tx.execute(sql`select set_config('role', 'app_rls', true), set_config('app.user_id', ${actor.userId}, true),
    set_config('app.org_id', ${actor.orgId}, true), set_config('app.role', ${actor.role}, true),
    set_config('app.break_glass_disclosure', ${breakGlassDisclosure ?? ""}, true)`);
}

/** The latest submitted version touches a product the user is assigned to. */
export function touchesAssignment(userId: string): SQL {
  return sql`exists (
    select 1 from ${exposureItems}
    join ${disclosureVersions} on ${disclosureVersions.id} = ${exposureItems.versionId}
    join ${productAssignments} on ${productAssignments.productCode} = ${exposureItems.productCode}
    where ${disclosureVersions.disclosureId} = ${disclosures.id}
      and ${disclosureVersions.number} = ${disclosures.latestVersion}
      and ${productAssignments.userId} = ${userId})`;
}

/** What agency staff may see of disclosures: submitted ones within assignment, never a conflicted company's. */
export function agencyScope(userId: string): SQL {
  return and(
    sql`${disclosures.latestVersion} >= 1`,
    sql`${disclosures.status} <> 'draft'`,
    touchesAssignment(userId),
    sql`not ${activeConflict(userId, sql`${disclosures.organisationId}`)}`,
  )!;
}

/** The disclosures an actor may see at all: its own company's, or the agency scope. */
export function visibleDisclosures(actor: Actor): SQL {
  if (isCompanyRole(actor)) return eq(disclosures.organisationId, actor.orgId);
  if (actor.role === "agency_reviewer" || actor.role === "agency_approver") return agencyScope(actor.userId);
  return sql`false`;
}

const summaryColumns = {
  id: disclosures.id,
  organisationId: disclosures.organisationId,
  nameEn: organisations.nameEn,
  nameJa: organisations.nameJa,
  reportingPeriod: disclosures.reportingPeriod,
  status: disclosures.status,
  latestVersion: disclosures.latestVersion,
  updatedAt: disclosures.updatedAt,
};

type SummaryRow = { id: string; organisationId: string; nameEn: string; nameJa: string; reportingPeriod: string; status: DisclosureStatus; latestVersion: number; updatedAt: Date };

export function toSummary(r: SummaryRow): DisclosureSummary {
  return {
    id: r.id,
    organisation: { id: r.organisationId, name: { en: r.nameEn, ja: r.nameJa } },
    reportingPeriod: r.reportingPeriod,
    status: r.status,
    latestVersion: r.latestVersion,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function selectSummaries(db: Executor) {
  return db.select(summaryColumns).from(disclosures).innerJoin(organisations, eq(organisations.id, disclosures.organisationId));
}

/** One disclosure the actor may see, locked for update when asked; anything else is 404 with the given denial. */
export async function findVisible(
  tx: Executor,
  actor: Actor,
  id: string,
  attempted: string,
  { scope = visibleDisclosures(actor), lock = false }: { scope?: SQL; lock?: boolean } = {},
) {
  const query = tx.select().from(disclosures).where(and(eq(disclosures.id, id), scope));
  const [row] = !isUuid(id) ? [] : lock ? await query.for("update") : await query;
  if (!row) {
    throw withDenial(new NotFoundError("No such disclosure."), {
      action: "access.denied",
      outcome: "denied",
      target: { type: "disclosure", id },
      details: { attempted, reason: isCompanyRole(actor) ? "other_tenant" : "outside_assignment" },
    });
  }
  return row;
}

/** A 409 for an operation the disclosure's status does not allow. */
export function illegalTransition(row: DisclosureRow, operation: string): ConflictError {
  return new ConflictError(`A disclosure that is ${row.status.replace("_", " ")} cannot be ${operation}.`);
}

/** Items of one version, in the company's order, in the API's shape. */
export async function versionItems(tx: Executor, versionId: string): Promise<StoredExposureItem[]> {
  const rows = await tx.select().from(exposureItems).where(eq(exposureItems.versionId, versionId)).orderBy(asc(exposureItems.position));
  return rows.map((r) => {
    const item: StoredExposureItem = {
      productCode: r.productCode,
      stage: r.stage,
      supplierCountry: r.supplierCountry,
      sharePercent: Number(r.sharePercent),
      inventoryDays: r.inventoryDays,
      alternativeSuppliers: r.alternativeSuppliers,
      singleSource: r.singleSource,
    };
    if (r.hsCode) item.hsCode = r.hsCode;
    if (r.material) item.material = r.material;
    if (r.supplierName) item.supplierName = r.supplierName;
    if (r.leadTimeDays !== null) item.leadTimeDays = r.leadTimeDays;
    if (r.riskFactors.length > 0) item.riskFactors = r.riskFactors;
    if (r.mitigationStrategy && r.mitigationPlan && r.mitigationTargetDate) {
      item.mitigation = { strategy: r.mitigationStrategy, plan: r.mitigationPlan, targetDate: r.mitigationTargetDate };
    }
    if (r.confidentialityClaimed) item.confidentiality = { claimed: true, ...(r.confidentialityReason ? { reason: r.confidentialityReason } : {}) };
    return item;
  });
}

export async function findVersion(tx: Executor, disclosureId: string, number: number) {
  const [version] = await tx
    .select()
    .from(disclosureVersions)
    .where(and(eq(disclosureVersions.disclosureId, disclosureId), eq(disclosureVersions.number, number)));
  return version ?? null;
}

const pseudonymKey = () => createHmac("sha256", process.env.PSEUDONYM_SECRET ?? process.env.AUTH_SECRET ?? "kakehashi-development").update("kakehashi-pseudonym/v1").digest();

/** How an official appears to one company: stable for that company, unlinkable across companies. */
export function pseudonym(userId: string, companyId: string): string {
  const digest = createHmac("sha256", pseudonymKey()).update(`${companyId}:${userId}`).digest();
  return `Official-${digest.readUInt32BE(0).toString(36).toUpperCase().padStart(7, "0").slice(0, 6)}`;
}

/** The whole disclosure as the actor may see it: the working copy for the company, the latest version for agency staff. */
const isoMillis = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type ViewParts = {
  nameEn: string;
  nameJa: string;
  versions: { id: string; number: number; notes: string | null; submittedAt: string }[];
  reviews: { id: string; versionNumber: number; decision: ReviewDecision; comment: string; reviewerId: string; reviewerName: string; createdAt: string }[];
};

/** The whole disclosure as the actor may see it: the working copy for the company, the latest version for agency staff. */
export async function disclosureView(tx: Executor, actor: Actor, row: DisclosureRow): Promise<Disclosure> {
  const company = isCompanyRole(actor);
  // The organisation's names, the versions and the reviews in one round trip.
  const [parts] = rowsOf<ViewParts>(
    await tx.execute(sql`select o.name_en as "nameEn", o.name_ja as "nameJa",
      (select coalesce(json_agg(json_build_object('id', v.id, 'number', v.number, 'notes', v.notes, 'submittedAt', ${isoMillis(sql`v.submitted_at`)})
         order by v.number), '[]'::json) from ${disclosureVersions} v where v.disclosure_id = ${row.id}) as versions,
      (select coalesce(json_agg(json_build_object('id', r.id, 'versionNumber', r.version_number, 'decision', r.decision, 'comment', r.comment,
         'reviewerId', r.reviewer_id, 'reviewerName', u.display_name, 'createdAt', ${isoMillis(sql`r.created_at`)}) order by r.created_at, r.id), '[]'::json)
         from ${disclosureReviews} r join ${users} u on u.id = r.reviewer_id where r.disclosure_id = ${row.id}) as reviews
      from ${organisations} o where o.id = ${row.organisationId}`),
  );
  const versions = typeof parts!.versions === "string" ? (JSON.parse(parts!.versions) as ViewParts["versions"]) : parts!.versions;
  const reviews = typeof parts!.reviews === "string" ? (JSON.parse(parts!.reviews) as ViewParts["reviews"]) : parts!.reviews;
  const latest = versions.at(-1);
  return {
    ...toSummary({ ...row, nameEn: parts!.nameEn, nameJa: parts!.nameJa }),
    revision: row.revision,
    editable: company && editableStatuses.has(row.status),
    items: company ? row.draftItems : latest ? await versionItems(tx, latest.id) : [],
    notes: company ? (row.draftNotes ?? null) : (latest?.notes ?? null),
    versions: versions.map((v) => ({ number: v.number, submittedAt: v.submittedAt })),
    reviews: reviews.map((r) => ({
      id: r.id,
      versionNumber: r.versionNumber,
      decision: r.decision,
      comment: r.comment,
      reviewer: company ? pseudonym(r.reviewerId, row.organisationId) : r.reviewerName,
      createdAt: r.createdAt,
    })),
  };
}

/** Statuses in which the company may change the working copy and submit it. */
export const editableStatuses: ReadonlySet<DisclosureStatus> = new Set(["draft", "changes_requested"]);
