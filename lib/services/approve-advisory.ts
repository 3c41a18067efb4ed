import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { advisories, advisoryDeliveries, advisoryRevisions } from "@/db/schema";
import { advisoryEmail, type AdvisoryEmailKind } from "@/lib/advisories/emails";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { approveAdvisorySchema, type Advisory, type ApproveAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { advisoryView, computeReach, findAgencyAdvisory, findRevision, notAllowed, recipientsOf, requireRevisionReachesDelivered } from "./internal/advisories";
import { requireIndependentApprover } from "./internal/advisory-four-eyes";
import { claimedId, parseCall, parseInput, refuseUnknownRevision, type Input } from "./input";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

const callSchema = z.object({ id: z.string(), approval: z.unknown().optional() });

/**
 * An approver who neither drafted the advisory nor declared a conflict with a company it names approves
 * the revision awaiting approval, which publishes it. In one transaction, at its one timestamp (`now()`
 * is the transaction's start time): the revision is frozen; every company the targets reach (advisory_reach,
 * whose rule the deliveries' guard holds every delivery to: migration 0047) gets its delivery, in
 * one INSERT (or, for a later revision, every company already delivered to gets the new revision, which
 * must therefore still target them all: requireRevisionReachesDelivered); an
 * advisory it supersedes is marked so; one email per recipient user goes into the outbox; and the audit
 * event is written. Any failure leaves none of it. The approver names the revision they read (`approval.revision`;
 * the portal's form always does): another awaiting approval by now — approved and revised again meanwhile —
 * is refused (409), not published unread.
 */
export async function approveAdvisory({ ctx, input }: ServiceCall<Input<{ id: string; approval?: ApproveAdvisoryInput }>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.approve", { type: "advisory", id: claimedId(input) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(input), "advisory.approve", { lock: true });
    const revision = await findRevision(tx, row.id, row.currentRevision);
    if (revision.state !== "pending_approval" || row.status === "withdrawn" || row.status === "superseded") throw notAllowed(row, revision, "approved");
    await requireIndependentApprover(tx, actor, row, revision, "advisory.approve");
    const approval = parseInput(approveAdvisorySchema, parseCall(callSchema, input).approval ?? {});
    refuseUnknownRevision(approval.revision, revision.number, "revision");
    if (approval.revision !== undefined && approval.revision !== revision.number) {
      throw new ConflictError(serviceMessage("advisoryApprovalRevisionChanged", { revision: revision.number }));
    }
    const reach = await computeReach(tx, revision.targets);
    if (reach.length === 0) throw new ConflictError(serviceMessage("advisoryNoReachNow"));
    if (revision.number > 1) await requireRevisionReachesDelivered(tx, row.id, reach);

    const [{ publishedAt }] = rowsOf<{ publishedAt: string }>(
      await tx.execute(sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "publishedAt"`),
    ) as [{ publishedAt: string }];
    await tx
      .update(advisoryRevisions)
      .set({ state: "published", approvedBy: actor.userId, publishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(advisoryRevisions.advisoryId, row.id), eq(advisoryRevisions.number, revision.number)));
    const [saved] = await tx
      .update(advisories)
      .set({
        status: "published",
        publishedRevision: revision.number,
        firstPublishedAt: sql`coalesce(${advisories.firstPublishedAt}, now())`,
        lastPublishedAt: sql`now()`,
        version: row.version + 1,
        updatedAt: sql`now()`,
      })
      .where(eq(advisories.id, row.id))
      .returning();

    // Every delivery in one statement: companies newly reached get one; those already delivered to get the revision.
    // The database checks them against the reach as it is when each statement ends (migration 0047): a
    // company's disclosure or profile changed since the reach above was read, and the approval is refused
    // as a conflict to try again, not failed.
    let inserted: { organisation_id: string }[];
    let revised: { organisationId: string }[];
    try {
      inserted = rowsOf<{ organisation_id: string }>(
        await tx.execute(sql`insert into ${advisoryDeliveries} (advisory_id, organisation_id, delivered_at, delivered_revision, current_revision)
          select ${row.id}::uuid, company::uuid, now(), ${revision.number}, ${revision.number}
          from jsonb_array_elements_text(${JSON.stringify(reach.map((c) => c.id))}::jsonb) as company
          on conflict (advisory_id, organisation_id) do nothing
          returning organisation_id`),
      );
      revised =
        revision.number > 1
          ? await tx
              .update(advisoryDeliveries)
              .set({ currentRevision: revision.number, revisedAt: sql`now()` })
              .where(and(eq(advisoryDeliveries.advisoryId, row.id), sql`${advisoryDeliveries.currentRevision} < ${revision.number}`))
              .returning({ organisationId: advisoryDeliveries.organisationId })
          : [];
    } catch (error) {
      if (isOutsideReach(error)) throw new ConflictError(serviceMessage("advisoryReachChanged"));
      throw error;
    }

    let superseded: string | undefined;
    const supersededCompanies: string[] = [];
    if (row.supersedesId && revision.number === 1) {
      const [old] = await tx
        .update(advisories)
        .set({ status: "superseded", supersededById: row.id, version: sql`${advisories.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(advisories.id, row.supersedesId), eq(advisories.agencyId, row.agencyId), eq(advisories.status, "published")))
        .returning({ id: advisories.id });
      if (!old) throw new ConflictError(serviceMessage("supersededNotPublished"));
      superseded = old.id;
      // As with a withdrawal, a revision of it still being drafted or awaiting approval goes with it.
      await tx
        .update(advisoryRevisions)
        .set({ state: "discarded", updatedAt: sql`now()` })
        .where(and(eq(advisoryRevisions.advisoryId, old.id), inArray(advisoryRevisions.state, ["draft", "pending_approval"])));
      const told = await tx.select({ organisationId: advisoryDeliveries.organisationId }).from(advisoryDeliveries).where(eq(advisoryDeliveries.advisoryId, old.id));
      supersededCompanies.push(...told.map((d) => d.organisationId));
    }

    const facts = { advisoryId: row.id, reference: row.reference, revision: revision.number, title: revision.title, summary: revision.summary, severity: revision.severity, tlp: revision.tlp };
    const emails = [
      ...(await recipientsOf(tx, inserted.map((d) => d.organisation_id))).map((r) => ({ kind: "advisory.published" as AdvisoryEmailKind, r })),
      ...(await recipientsOf(tx, revised.map((d) => d.organisationId))).map((r) => ({ kind: "advisory.revised" as AdvisoryEmailKind, r })),
    ].map(({ kind, r }) => advisoryEmail(kind, facts, { email: r.email, company: { en: r.orgEn, ja: r.orgJa }, language: r.language }));
    if (superseded) {
      const [old] = await tx.select().from(advisories).where(eq(advisories.id, superseded));
      const oldRevision = await findRevision(tx, old!.id, old!.publishedRevision!);
      const oldFacts = { advisoryId: old!.id, reference: old!.reference, revision: oldRevision.number, title: oldRevision.title, summary: oldRevision.summary, severity: oldRevision.severity, tlp: oldRevision.tlp };
      // The replacement is named only to a company that may read it: one it was delivered to, or anyone for TLP:CLEAR.
      const readers = new Set(inserted.map((d) => d.organisation_id));
      for (const r of await recipientsOf(tx, supersededCompanies)) {
        const named = revision.tlp === "CLEAR" || readers.has(r.orgId);
        emails.push(advisoryEmail("advisory.superseded", { ...oldFacts, extra: named ? row.reference : undefined }, { email: r.email, company: { en: r.orgEn, ja: r.orgJa }, language: r.language }));
      }
    }
    await enqueueEmails(tx, emails);

    await emit(tx, ctx, {
      action: "advisory.approve",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: {
        revision: revision.number,
        publishedAt,
        deliveries: inserted.length + revised.length,
        newDeliveries: inserted.length,
        emails: emails.length,
        ...(superseded ? { superseded } : {}),
      },
    });
    return advisoryView(tx, actor, saved!);
  });
}

/** The database's refusal of a delivery to a company the revision's targets do not reach (migration 0047). */
function isOutsideReach(error: unknown): boolean {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === "42501" && e.message?.startsWith("advisory_deliveries: a revision is delivered only to a company its targets reach")) return true;
  }
  return false;
}
