import { createHmac } from "node:crypto";
import { and, eq, getTableColumns, sql, type Placeholder, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { compileQuery } from "@/db/compiled-query";
import {
  disclosureReviews,
  disclosures,
  disclosureVersions,
  disclosureWorkingCopies,
  exposureItems,
  organisations,
  productAssignments,
  users,
  type DisclosureStatus,
  type ReviewDecision,
  type StoredExposureItem,
} from "@/db/schema";
import { requirePermission, type Permission } from "@/lib/authz/policy";
import { activeConflict } from "@/lib/authz/scope";
import type { AuditEvent } from "@/lib/audit/events";
import { configuredSecret } from "@/lib/security/configured-secret";
import type { Disclosure, DisclosureSummary } from "@/lib/schemas/disclosure";
import type { Actor, RequestContext } from "../context";
import { ConflictError, NotFoundError, ServiceError, withDenial } from "../errors";
import { serviceMessage } from "../messages";

export type DisclosureRow = typeof disclosures.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs: anything that is not a UUID names no disclosure (404, not a database error). */
export const isUuid = (id: string) => uuidPattern.test(id);

export const isCompanyRole = (actor: Actor) => actor.role === "company_officer" || actor.role === "company_admin";

/** The latest submitted version touches a product the user is assigned to (a user's id, or a column holding one). */
export function touchesAssignment(userId: string | Placeholder | SQL): SQL {
  return sql`exists (
    select 1 from ${exposureItems}
    join ${disclosureVersions} on ${disclosureVersions.id} = ${exposureItems.versionId}
    join ${productAssignments} on ${productAssignments.productCode} = ${exposureItems.productCode}
    where ${disclosureVersions.disclosureId} = ${disclosures.id}
      and ${disclosureVersions.number} = ${disclosures.latestVersion}
      and ${productAssignments.userId} = ${userId})`;
}

/** What agency staff may see of disclosures: submitted ones within assignment, never a conflicted company's. */
export function agencyScope(userId: string | Placeholder | SQL): SQL {
  return and(
    sql`${disclosures.latestVersion} >= 1`,
    sql`${disclosures.status} <> 'draft'`,
    touchesAssignment(userId),
    sql`not ${activeConflict(userId, sql`${disclosures.organisationId}`)}`,
  )!;
}

/** Whom an actor reads disclosures as: its company, agency staff, or (null) no reader at all. */
type Reader = "company" | "agency" | null;
const readerOf = (actor: Actor): Reader =>
  isCompanyRole(actor) ? "company" : actor.role === "agency_reviewer" || actor.role === "agency_approver" ? "agency" : null;

type ReaderIds = { userId: string | Placeholder; orgId: string | Placeholder };

/** The disclosures a reader may see at all: its own company's, or the agency scope; nothing for anyone else. */
function scopeOf(reader: Reader, { userId, orgId }: ReaderIds): SQL {
  if (reader === "company") return eq(disclosures.organisationId, orgId);
  if (reader === "agency") return agencyScope(userId);
  return sql`false`;
}

/** The disclosures an actor may see at all (`scopeOf` its reader). */
export function visibleDisclosures(actor: Actor): SQL {
  return scopeOf(readerOf(actor), actor);
}

/**
 * When a disclosure last changed, as the actor may know it: for its company, any change (a save of the
 * working copy too); for agency staff, the last change they may see — a submission, a withdrawal, a review
 * (`shared_at`, migration 0041) — so the company's work on what it has not submitted is not theirs to watch.
 */
export const changedAtFor = (actor: Actor) => (readerOf(actor) === "company" ? disclosures.updatedAt : disclosures.sharedAt);

/** The columns of a disclosure in a list (with its company's names: join organisations), `updatedAt` the company's own. */
export const summaryColumns = {
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

/**
 * The refusal of a disclosure the actor may not see (or that does not exist): 404, audited. The walls that
 * hid it hide its owner too, so the refusal learns when it is recorded, outside them, which company the
 * disclosure belongs to (the attempt then appears in that company's access log) and why it was hidden.
 */
function notVisible(actor: Actor, id: string, attempted: string): NotFoundError {
  const denial = (reason: string, orgId?: string): AuditEvent => ({
    action: "access.denied",
    outcome: "denied",
    target: { type: "disclosure", id, ...(orgId ? { orgId } : {}) },
    details: { attempted, reason },
  });
  return withDenial(new NotFoundError(serviceMessage("noDisclosure")), denial(isCompanyRole(actor) ? "other_tenant" : "outside_assignment"), async (db) => {
    const owner = await disclosureOwner(db, actor, id);
    if (!owner) return denial("no_such_disclosure");
    return denial(isCompanyRole(actor) ? "other_tenant" : owner.conflicted ? "conflict_of_interest" : "outside_assignment", owner.orgId);
  });
}

/** Which company a disclosure belongs to, read outside the walls (disclosure_owner, migration 0022), and whether `actor` is recused from it. */
async function disclosureOwner(db: Executor, actor: Actor, id: string): Promise<{ orgId: string; conflicted: boolean } | undefined> {
  if (!isUuid(id)) return undefined;
  const [owner] = rowsOf<{ orgId: string; conflicted: boolean }>(
    await db.execute(sql`select o.id as "orgId", ${activeConflict(actor.userId, sql`o.id`)} as conflicted
      from disclosure_owner(${id}::uuid) as o(id) where o.id is not null`),
  );
  return owner;
}

/**
 * `requirePermission` for an action on one disclosure: a role without the permission is refused as
 * always, and the refusal learns, when it is recorded, whose disclosure was tried (so an official's
 * attempt to edit, submit, withdraw, review or break-glass a company's disclosure shows in its access log).
 */
export function requireDisclosurePermission(ctx: RequestContext, permission: Permission, id: string, options: { hidden?: boolean } = {}): Actor {
  try {
    return requirePermission(ctx, permission, { type: "disclosure", id }, options);
  } catch (error) {
    if (error instanceof ServiceError && error.denial && ctx.actor) {
      const raised = error.denial;
      const actor = ctx.actor;
      withDenial(error, raised, async (db) => {
        const owner = await disclosureOwner(db, actor, id);
        return owner ? { ...raised, target: { type: "disclosure", id, orgId: owner.orgId } } : raised;
      });
    }
    throw error;
  }
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
  if (!row) throw notVisible(actor, id, attempted);
  return row;
}

/** A 409 for an operation the disclosure's status does not allow. */
export function illegalTransition(row: DisclosureRow, operation: string): ConflictError {
  return new ConflictError(serviceMessage("disclosureTransition", { status: row.status, operation }));
}

const pseudonymKey = () => createHmac("sha256", configuredSecret(["PSEUDONYM_SECRET", "AUTH_SECRET"], "the pseudonyms officials have in companies' access logs")).update("kakehashi-pseudonym/v1").digest();

/** How an official appears to one company: stable for that company, unlinkable across companies. */
export function pseudonym(userId: string, companyId: string): string {
  const digest = createHmac("sha256", pseudonymKey()).update(`${companyId}:${userId}`).digest();
  return `Official-${digest.readUInt32BE(0).toString(36).toUpperCase().padStart(7, "0").slice(0, 6)}`;
}

const isoMillis = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The items of the version that `versionCondition` picks (over alias `v`), in the company's order, in
 * the API's shape (absent optional fields left out), as a JSON array built by the database.
 */
function itemsJson(versionCondition: SQL): SQL<StoredExposureItem[]> {
  return sql<StoredExposureItem[]>`(select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
      'productCode', ei.product_code, 'hsCode', ei.hs_code, 'material', ei.material, 'stage', ei.stage,
      'supplierCountry', ei.supplier_country, 'supplierName', ei.supplier_name, 'sharePercent', ei.share_percent,
      'inventoryDays', ei.inventory_days, 'leadTimeDays', ei.lead_time_days, 'alternativeSuppliers', ei.alternative_suppliers,
      'singleSource', ei.single_source,
      'riskFactors', case when jsonb_array_length(ei.risk_factors) > 0 then ei.risk_factors end,
      'mitigation', case when ei.mitigation_strategy is not null and ei.mitigation_plan is not null and ei.mitigation_target_date is not null
        then jsonb_build_object('strategy', ei.mitigation_strategy, 'plan', ei.mitigation_plan, 'targetDate', ei.mitigation_target_date) end,
      'confidentiality', case when ei.confidentiality_claimed then jsonb_build_object('claimed', true, 'reason', ei.confidentiality_reason) end))
      order by ei.position), '[]'::jsonb)
    from ${exposureItems} ei join ${disclosureVersions} v on v.id = ei.version_id where ${versionCondition})`;
}

/** PGlite and postgres.js both parse json columns, but a driver that hands back text is tolerated. */
function parsedJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

type WorkingCopy = { items: StoredExposureItem[]; notes: string | null };
type StoredVersion = { number: number; notes: string | null; submittedAt: string };
// reviewerName is null where the account wall (migration 0048) hides the reviewer: from a company, from another agency.
type StoredReview = { id: string; versionNumber: number; decision: ReviewDecision; comment: string; reviewerId: string; reviewerName: string | null; createdAt: string };

/**
 * The statement behind every read of a whole disclosure: the row, its organisation's names, its
 * versions and reviews, and the company's working copy for the company or the latest version's items for
 * agency staff, in one round trip.
 */
function selectView(db: Executor, company: boolean, where: SQL) {
  return db
    .select({
      ...getTableColumns(disclosures),
      nameEn: organisations.nameEn,
      nameJa: organisations.nameJa,
      versions: sql<StoredVersion[]>`(select coalesce(json_agg(json_build_object('number', v.number, 'notes', v.notes, 'submittedAt', ${isoMillis(sql`v.submitted_at`)})
         order by v.number), '[]'::json) from ${disclosureVersions} v where v.disclosure_id = ${disclosures.id})`,
      reviews: sql<StoredReview[]>`(select coalesce(json_agg(json_build_object('id', r.id, 'versionNumber', r.version_number, 'decision', r.decision, 'comment', r.comment,
         'reviewerId', r.reviewer_id, 'reviewerName', u.display_name, 'createdAt', ${isoMillis(sql`r.created_at`)}) order by r.created_at, r.id), '[]'::json)
         from ${disclosureReviews} r left join ${users} u on u.id = r.reviewer_id where r.disclosure_id = ${disclosures.id})`,
      latestItems: company
        ? sql<null>`null`
        : itemsJson(sql`v.disclosure_id = ${disclosures.id} and v.number = ${disclosures.latestVersion}`),
      workingCopy: company
        ? sql<WorkingCopy | null>`(select jsonb_build_object('items', w.items, 'notes', w.notes) from ${disclosureWorkingCopies} w where w.disclosure_id = ${disclosures.id})`
        : sql<null>`null`,
    })
    .from(disclosures)
    .innerJoin(organisations, eq(organisations.id, disclosures.organisationId))
    .where(where);
}

type ViewRow = Awaited<ReturnType<typeof selectView>>[number];

// The read of one whole disclosure that every request makes, per reader, built once; prepared, so the plan
// (scope and row-level security included) is made once per connection, not per request.
const placeholderIds: ReaderIds = { userId: sql.placeholder("userId"), orgId: sql.placeholder("orgId") };
const viewOf = (reader: Reader) => (db: Executor) =>
  selectView(db, reader === "company", and(eq(disclosures.id, sql.placeholder("id")), scopeOf(reader, placeholderIds))!);
const viewQueries = {
  company: compileQuery("disclosure_view_company", viewOf("company")),
  agency: compileQuery("disclosure_view_agency", viewOf("agency")),
  unscoped: compileQuery("disclosure_view_unscoped", (db) => selectView(db, false, eq(disclosures.id, sql.placeholder("id")))),
};

const disclosureColumns = Object.keys(getTableColumns(disclosures)) as (keyof DisclosureRow)[];
const disclosureRowOf = (r: ViewRow): DisclosureRow => Object.fromEntries(disclosureColumns.map((k) => [k, r[k]])) as DisclosureRow;

function toView(company: boolean, r: ViewRow): Disclosure {
  const versions = parsedJson<StoredVersion[]>(r.versions);
  const reviews = parsedJson<StoredReview[]>(r.reviews);
  const latest = versions.at(-1);
  const copy = company ? parsedJson<WorkingCopy | null>(r.workingCopy) : null;
  return {
    ...toSummary({ ...r, updatedAt: company ? r.updatedAt : r.sharedAt }),
    // The working copy's revision is the company's: agency staff are not told of its saves.
    revision: company ? r.revision : null,
    editable: company && editableStatuses.has(r.status),
    items: company ? (copy?.items ?? []) : (parsedJson<StoredExposureItem[] | null>(r.latestItems) ?? []),
    notes: company ? (copy?.notes ?? null) : (latest?.notes ?? null),
    versions: versions.map((v) => ({ number: v.number, submittedAt: v.submittedAt })),
    reviews: reviews.map((rv) => ({
      id: rv.id,
      versionNumber: rv.versionNumber,
      decision: rv.decision,
      comment: rv.comment,
      // An official of another agency is hidden by the account wall too: they get the company-facing pseudonym.
      reviewer: company || rv.reviewerName === null ? pseudonym(rv.reviewerId, r.organisationId) : rv.reviewerName,
      createdAt: rv.createdAt,
    })),
  };
}

/**
 * One disclosure the actor may see, as the actor may see it (the working copy for the company, the
 * latest version for agency staff), in one statement; anything else is 404 with the denial of `attempted`.
 * The statement is issued at once (no await before it), so it can share a batched read's round trip.
 */
export async function findVisibleView(tx: Executor, actor: Actor, id: string, attempted: string): Promise<{ row: DisclosureRow; view: Disclosure }> {
  const reader = readerOf(actor);
  // No other reader sees any disclosure (scopeOf), so there is nothing to ask the database.
  const [found] = isUuid(id) && reader ? await viewQueries[reader].run(tx, { id, userId: actor.userId, orgId: actor.orgId }) : [];
  if (!found) throw notVisible(actor, id, attempted);
  return { row: disclosureRowOf(found), view: toView(reader === "company", found) };
}

/** The whole disclosure as the actor may see it, read again inside the caller's transaction (after a change). */
export async function disclosureView(tx: Executor, actor: Actor, row: DisclosureRow): Promise<Disclosure> {
  const company = isCompanyRole(actor);
  const [found] = await selectView(tx, company, eq(disclosures.id, row.id)).prepare("disclosure_view").execute();
  return toView(company, found!);
}

/** The same statement as an agency reader's, with no scope: only the benchmark's reference route uses it. */
export async function unscopedAgencyView(db: Executor, id: string): Promise<Disclosure | null> {
  const [found] = isUuid(id) ? await viewQueries.unscoped.run(db, { id }) : [];
  return found ? toView(false, found) : null;
}

/** One submitted version of a disclosure with its items, or null. */
export async function findVersion(tx: Executor, disclosureId: string, number: number) {
  const [version] = await tx
    .select({
      number: disclosureVersions.number,
      notes: disclosureVersions.notes,
      submittedAt: disclosureVersions.submittedAt,
      items: itemsJson(sql`v.id = ${disclosureVersions.id}`),
    })
    .from(disclosureVersions)
    .where(and(eq(disclosureVersions.disclosureId, disclosureId), eq(disclosureVersions.number, number)))
    .prepare("disclosure_version")
    .execute();
  return version ? { ...version, items: parsedJson<StoredExposureItem[]>(version.items) } : null;
}

/** The company's working copy of one of its disclosures, read behind the wall (empty when none was saved). */
export async function findWorkingCopy(tx: Executor, disclosureId: string): Promise<WorkingCopy> {
  const [copy] = await tx
    .select({ items: disclosureWorkingCopies.items, notes: disclosureWorkingCopies.notes })
    .from(disclosureWorkingCopies)
    .where(eq(disclosureWorkingCopies.disclosureId, disclosureId));
  return copy ?? { items: [], notes: null };
}

/** Writes what is given of the company's working copy (the rest kept), behind the wall; answers the whole copy. */
export async function saveWorkingCopy(tx: Executor, row: DisclosureRow, changes: { items?: StoredExposureItem[]; notes?: string | null }): Promise<WorkingCopy> {
  const [saved] = await tx
    .insert(disclosureWorkingCopies)
    .values({ disclosureId: row.id, organisationId: row.organisationId, items: changes.items ?? [], notes: changes.notes ?? null })
    // With nothing given, a copy that exists is kept as it is (a save of no field still counts as a revision).
    .onConflictDoUpdate({ target: disclosureWorkingCopies.disclosureId, set: Object.keys(changes).length ? changes : { items: sql`${disclosureWorkingCopies.items}` } })
    .returning({ items: disclosureWorkingCopies.items, notes: disclosureWorkingCopies.notes });
  return saved!;
}

/** Statuses in which the company may change the working copy and submit it. */
export const editableStatuses: ReadonlySet<DisclosureStatus> = new Set(["draft", "changes_requested"]);
