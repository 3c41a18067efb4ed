import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import {
  advisories,
  advisoryDeliveries,
  advisoryRevisions,
  memberships,
  organisations,
  users,
  type AdvisoryDeliveryRow,
  type AdvisoryRevisionRow,
  type AdvisoryRow,
  type AdvisoryTargets,
  type TlpLabel,
} from "@/db/schema";
import type { Advisory, AdvisoryReach, DeliveryState } from "@/lib/schemas/advisory";
import { emit } from "@/lib/audit/emit";
import type { Actor, RequestContext } from "../context";
import { ConflictError, NotFoundError, ValidationError, withDenial } from "../errors";
import { isCompanyRole, isUuid } from "./disclosures";
import { serviceMessage } from "../messages";
import { acknowledgementsOf } from "./advisory-acknowledgements";
import { wroteRevision } from "./advisory-four-eyes";

export const isAgencyRole = (actor: Actor) => actor.role === "agency_reviewer" || actor.role === "agency_approver";

export const iso = (value: Date | string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

/** A JSON array of strings as a PostgreSQL text[] (the same on both drivers, whatever they do with arrays). */
export const textArray = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::text[]`;

function hidden(id: string, attempted: string, reason: string) {
  return withDenial(new NotFoundError(serviceMessage("noAdvisory")), {
    action: "access.denied",
    outcome: "denied",
    target: { type: "advisory", id },
    details: { attempted, reason },
  });
}

/** One of the actor's agency's advisories, locked for update when asked; anything else is 404 (audited). */
export async function findAgencyAdvisory(tx: Executor, actor: Actor, id: string, attempted: string, { lock = false } = {}): Promise<AdvisoryRow> {
  if (!isAgencyRole(actor) || !isUuid(id)) throw hidden(id, attempted, "other_tenant");
  const query = tx.select().from(advisories).where(and(eq(advisories.id, id), eq(advisories.agencyId, actor.orgId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw hidden(id, attempted, "other_tenant");
  return row;
}

/**
 * What a company may read: advisories delivered to it, and published TLP:CLEAR ones (which every company
 * may read, although only targeted companies get a delivery).
 */
export function companyVisible(orgId: string): SQL {
  return sql`${advisories.publishedRevision} is not null and (
    exists (select 1 from ${advisoryDeliveries} d where d.advisory_id = ${advisories.id} and d.organisation_id = ${orgId})
    or exists (select 1 from ${advisoryRevisions} r where r.advisory_id = ${advisories.id} and r.number = ${advisories.publishedRevision} and r.tlp = 'CLEAR'))`;
}

export async function findCompanyAdvisory(tx: Executor, actor: Actor, id: string, attempted: string): Promise<AdvisoryRow> {
  if (!isCompanyRole(actor) || !isUuid(id)) throw hidden(id, attempted, "not_delivered");
  const [row] = await tx.select().from(advisories).where(and(eq(advisories.id, id), companyVisible(actor.orgId)));
  if (!row) throw hidden(id, attempted, "not_delivered");
  return row;
}

export async function findRevision(tx: Executor, advisoryId: string, number: number): Promise<AdvisoryRevisionRow> {
  const [revision] = await tx
    .select()
    .from(advisoryRevisions)
    .where(and(eq(advisoryRevisions.advisoryId, advisoryId), eq(advisoryRevisions.number, number)));
  if (!revision) throw new Error(`advisory ${advisoryId} has no revision ${number}`);
  return revision;
}

/** The company's delivery of an advisory, or null; with `lock`, locked until the transaction ends (to change it). */
export async function findDelivery(tx: Executor, advisoryId: string, orgId: string, { lock = false } = {}): Promise<AdvisoryDeliveryRow | null> {
  const query = tx
    .select()
    .from(advisoryDeliveries)
    .where(and(eq(advisoryDeliveries.advisoryId, advisoryId), eq(advisoryDeliveries.organisationId, orgId)));
  const [delivery] = lock ? await query.for("update") : await query;
  return delivery ?? null;
}

/** What an advisory's state may refuse; the catalogue's `advisoryTransition` says each. */
export type AdvisoryOperation = "edited" | "sent" | "approved" | "revised" | "withdrawn" | "returned";

/** A 409 saying what the advisory's state does not allow (a published one with a revision in progress says so). */
export function notAllowed(row: AdvisoryRow, revision: AdvisoryRevisionRow | null, operation: AdvisoryOperation): ConflictError {
  const revising = revision && revision.number === row.currentRevision && row.status === "published" && revision.state !== "published";
  const state = revising ? `revision_${revision.state}` : row.status;
  return new ConflictError(serviceMessage("advisoryTransition", { state, revision: revision?.number ?? 0, operation }));
}

/** Named companies must be companies: each unknown id is a field error at its position. */
export async function checkNamedCompanies(tx: Executor, targets: AdvisoryTargets, path = "targets"): Promise<void> {
  if (targets.organisations.length === 0) return;
  const found = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(inArray(organisations.id, targets.organisations), eq(organisations.type, "company")));
  const known = new Set(found.map((r) => r.id));
  const errors = targets.organisations.flatMap((id, i) => (known.has(id) ? [] : [{ path: `${path}.organisations.${i}`, message: "serviceErrors.noCompany" }]));
  if (errors.length) throw new ValidationError(errors);
}

/**
 * The companies the targets reach, by name. The rule is the database's, written once (advisory_reach,
 * migration 0047): named companies; companies dealing in a product (profile) when only products are given;
 * companies whose latest disclosure sources from a country (for one of the products, when given); companies
 * whose profile states one of the sectors. The reach preview, the check at sending and the approval ask it
 * here, and the deliveries' guard asks it again for every company an approval delivers to.
 */
export async function computeReach(tx: Executor, targets: AdvisoryTargets): Promise<AdvisoryReach["companies"]> {
  const rows = rowsOf<{ id: string; nameEn: string; nameJa: string }>(
    await tx.execute(sql`select o.id, o.name_en as "nameEn", o.name_ja as "nameJa"
      from advisory_reach(${JSON.stringify(targets)}::jsonb) as reach(id) join ${organisations} o on o.id = reach.id
      order by o.name_en, o.id`),
  );
  return rows.map((r) => ({ id: r.id, name: { en: r.nameEn, ja: r.nameJa } }));
}

/**
 * A later revision goes to every company the advisory was delivered to (approveAdvisory), so its targets
 * must still reach them all: narrowed, a revision's content (a higher TLP, a body about one company) would
 * reach companies its drafter and approver no longer meant it for, while the preview showed only the new
 * targets. Refused (409), without saying how many are left out (a number would tell what the companies'
 * disclosures say when the targets are by supplier country); naming them keeps them.
 */
export async function requireRevisionReachesDelivered(tx: Executor, advisoryId: string, reach: AdvisoryReach["companies"]): Promise<void> {
  const reached = reach.map((c) => c.id);
  const [row] = rowsOf<{ narrowed: boolean }>(
    await tx.execute(sql`select exists (select 1 from ${advisoryDeliveries}
      where ${advisoryDeliveries.advisoryId} = ${advisoryId} and not (${advisoryDeliveries.organisationId}::text = any(${textArray(reached)}))) as narrowed`),
  );
  if (row?.narrowed) throw new ConflictError(serviceMessage("advisoryRevisionNarrows"));
}

/**
 * The users of the given companies who receive advisory emails and review notices: officers and admins, not
 * disabled, who have accepted their invitation (set a password). An invitation not yet followed is an address
 * no one has confirmed, perhaps mistyped: nothing is mailed to it (nor, by the worker, anything already queued).
 */
export async function recipientsOf(tx: Executor, companyIds: string[]) {
  if (companyIds.length === 0) return [];
  return tx
    .select({ email: users.email, name: users.displayName, language: users.emailLocale, orgId: memberships.organisationId, orgEn: organisations.nameEn, orgJa: organisations.nameJa })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(inArray(memberships.organisationId, companyIds), inArray(memberships.role, ["company_officer", "company_admin"]), sql`${users.disabledAt} is null`, sql`${users.hasPassword}`))
    .orderBy(asc(organisations.nameEn), asc(users.email));
}

export function deliveryState(d: AdvisoryDeliveryRow, acknowledgedBy: string | null): DeliveryState {
  return {
    deliveredAt: iso(d.deliveredAt)!,
    revision: d.currentRevision,
    revisedAt: iso(d.revisedAt),
    firstReadAt: iso(d.firstReadAt),
    unread: d.readRevision === null || d.readRevision < d.currentRevision,
    acknowledgedAt: iso(d.acknowledgedAt),
    acknowledgedRevision: d.acknowledgedRevision,
    acknowledgementNote: d.acknowledgementNote,
    acknowledgedBy,
  };
}

/**
 * Deliveries, and how many of them read and acknowledged the newest revision delivered, per advisory: once a
 * revision is published, the companies that read or acknowledged only an earlier one count again when they
 * have read or acknowledged this one (their inbox asks them to).
 */
export function progressColumns(advisoryId: SQL) {
  return sql<string>`(select json_build_object('delivered', count(*), 'read', ${readNewest}, 'acknowledged', ${acknowledgedNewest})
    from ${advisoryDeliveries} where ${advisoryDeliveries.advisoryId} = ${advisoryId})`;
}

/** Of a set of deliveries: how many read, and how many acknowledged, the newest revision delivered to them. */
export const readNewest = sql<number>`(count(*) filter (where ${advisoryDeliveries.readRevision} >= ${advisoryDeliveries.currentRevision}))::int`;
export const acknowledgedNewest = sql<number>`(count(*) filter (where ${advisoryDeliveries.acknowledgedRevision} >= ${advisoryDeliveries.currentRevision}))::int`;

const personOf = async (tx: Executor, id: string | null) => {
  if (!id) return null;
  const [u] = await tx.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, id));
  return u ?? null;
};

/** The id and reference of a linked advisory (one superseded, or superseding): for a company, only one it may read itself. */
async function refOf(tx: Executor, actor: Actor, id: string | null) {
  if (!id) return null;
  const [a] = await tx
    .select({ id: advisories.id, reference: advisories.reference })
    .from(advisories)
    .where(and(eq(advisories.id, id), isAgencyRole(actor) ? undefined : companyVisible(actor.orgId)));
  return a ?? null;
}

/** A withdrawn advisory as a company reads it: its reference, facts and the withdrawal, never its text again. */
export const isWithdrawnForCompany = (actor: Actor, row: AdvisoryRow) => !isAgencyRole(actor) && row.status === "withdrawn";

/**
 * Whether the actor may read what a published revision says of itself (its change summary): agency staff
 * always; a company, a revision delivered to it (from the one first delivered on) or a TLP:CLEAR one. A
 * revision relabelled CLEAR does not open the earlier, restricted revisions' summaries to every company.
 */
export const revisionSummaryOpenTo = (actor: Actor, delivery: AdvisoryDeliveryRow | null, r: { number: number; tlp: TlpLabel }) =>
  isAgencyRole(actor) || r.tlp === "CLEAR" || (delivery !== null && r.number >= delivery.deliveredRevision);

/**
 * The advisory as the actor may see it: agency staff see the working revision (a draft or one awaiting
 * approval, else the published one) with targets, people and progress; companies see the published
 * revision and their own delivery, never the targets.
 */
export async function advisoryView(tx: Executor, actor: Actor, row: AdvisoryRow): Promise<Advisory> {
  const agency = isAgencyRole(actor);
  const redacted = isWithdrawnForCompany(actor, row);
  const own = agency ? null : await findDelivery(tx, row.id, actor.orgId);
  const shownNumber = agency ? row.currentRevision : (row.publishedRevision ?? row.currentRevision);
  const revision = await findRevision(tx, row.id, shownNumber);
  const [agencyOrg] = await tx.select({ en: organisations.nameEn, ja: organisations.nameJa }).from(organisations).where(eq(organisations.id, row.agencyId));
  const revisions = await tx
    .select({
      number: advisoryRevisions.number,
      state: advisoryRevisions.state,
      publishedAt: advisoryRevisions.publishedAt,
      changeSummary: advisoryRevisions.changeSummary,
      tlp: advisoryRevisions.tlp,
      authorId: advisoryRevisions.authorId,
      approvedBy: advisoryRevisions.approvedBy,
    })
    .from(advisoryRevisions)
    .where(and(eq(advisoryRevisions.advisoryId, row.id), agency ? sql`true` : eq(advisoryRevisions.state, "published")))
    .orderBy(asc(advisoryRevisions.number));
  const people = new Map<string, { id: string; name: string }>();
  if (agency) {
    const ids = [...new Set([row.createdBy, ...revisions.flatMap((r) => [r.authorId, r.approvedBy ?? r.authorId])])];
    for (const u of await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))) people.set(u.id, u);
  }
  let targets: Advisory["targets"] = null;
  let progress: Advisory["progress"] = null;
  let delivery: Advisory["delivery"] = null;
  if (agency) {
    const named = revision.targets.organisations.length
      ? await tx.select({ id: organisations.id, en: organisations.nameEn, ja: organisations.nameJa }).from(organisations).where(inArray(organisations.id, revision.targets.organisations))
      : [];
    const byId = new Map(named.map((o) => [o.id, { id: o.id, name: { en: o.en, ja: o.ja } }]));
    targets = {
      products: revision.targets.products,
      countries: revision.targets.countries,
      sectors: revision.targets.sectors ?? [],
      organisations: revision.targets.organisations.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    };
    const [p] = rowsOf<{ progress: unknown }>(await tx.execute(sql`select ${progressColumns(sql`${row.id}::uuid`)} as progress`));
    progress = parseJson(p!.progress) as Advisory["progress"];
  } else if (own) {
    const acknowledgements = (await acknowledgementsOf(tx, [own.id])).get(own.id) ?? [];
    delivery = { ...deliveryState(own, (await personOf(tx, own.acknowledgedBy))?.name ?? null), acknowledgements };
  }
  return {
    id: row.id,
    reference: row.reference,
    agency: { id: row.agencyId, name: agencyOrg! },
    status: row.status,
    // Saves of the working revision: a company would see a new revision being drafted, edit by edit.
    version: agency ? row.version : null,
    revision: revision.number,
    revisionState: revision.state,
    title: revision.title,
    // Withdrawn, its text is no longer served to companies: withdrawal is the remedy for what was sent wrongly.
    summary: redacted ? "" : revision.summary,
    body: redacted ? "" : revision.body,
    contentWithdrawn: redacted,
    severity: revision.severity,
    tlp: revision.tlp,
    changeSummary: redacted ? null : revision.changeSummary,
    targets,
    createdBy: agency ? (people.get(row.createdBy) ?? null) : null,
    author: agency ? (people.get(revision.authorId) ?? null) : null,
    youWrote: agency ? wroteRevision(actor.userId, row, revision) : null,
    approvalRequestedAt: agency ? iso(revision.approvalRequestedAt) : null,
    firstPublishedAt: iso(row.firstPublishedAt),
    lastPublishedAt: iso(row.lastPublishedAt),
    publishedRevision: row.publishedRevision,
    supersedes: await refOf(tx, actor, row.supersedesId),
    supersededBy: await refOf(tx, actor, row.supersededById),
    withdrawal: row.withdrawnAt && row.withdrawalReason ? { at: iso(row.withdrawnAt)!, reason: row.withdrawalReason } : null,
    // A draft again because it was returned for changes: what its writers are to change (agency staff only).
    returned: agency && revision.state === "draft" && revision.returnedAt && revision.returnReason
      ? { at: iso(revision.returnedAt)!, by: (await personOf(tx, revision.returnedBy))!, reason: revision.returnReason }
      : null,
    revisions: revisions.map((r) => ({
      number: r.number,
      state: r.state,
      publishedAt: iso(r.publishedAt),
      changeSummary: redacted || !revisionSummaryOpenTo(actor, own, r) ? null : r.changeSummary,
      author: agency ? (people.get(r.authorId) ?? null) : null,
      approvedBy: agency && r.approvedBy ? (people.get(r.approvedBy) ?? null) : null,
    })),
    delivery,
    progress,
  };
}

export const parseJson = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

/**
 * Records, against each company, that it was named to the caller because of the supplier countries its
 * disclosures give (a reach preview, a deliveries list): a read of them, in its access log like any other.
 */
export async function recordNamedByCountries(tx: Executor, ctx: RequestContext, companyIds: string[], products: string[], purpose: string): Promise<void> {
  for (const id of companyIds) {
    await emit(tx, ctx, { action: "advisory.reach_preview", outcome: "allowed", purpose, target: { type: "organisation", id, orgId: id }, details: { products } });
  }
}
