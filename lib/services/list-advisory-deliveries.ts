import { and, asc, eq, inArray, not, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { advisoryDeliveries, advisoryRevisions, organisations, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { activeConflict, knowableReach } from "@/lib/authz/scope";
import { emit } from "@/lib/audit/emit";
import type { AdvisoryDeliveries } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { acknowledgementsOf } from "./internal/advisory-acknowledgements";
import { acknowledgedNewest, findAgencyAdvisory, iso, readNewest, recordNamedByCountries } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

export const DELIVERIES_PURPOSE = "advisory deliveries";

const reader = alias(users, "reader");
const acknowledger = alias(users, "acknowledger");

/**
 * Each targeted company's delivery of one of the agency's advisories: delivered, first read (by whom),
 * acknowledged (by whom, which revision, the note; and every earlier acknowledgement, migration 0039) — for
 * the companies the caller may know of: those a published revision reached that they may be told of
 * (`knowableReach`: within their assignment; by supplier country, only through a disclosure they may
 * open), and those a published revision of it named, but none they declared a conflict with. The others are only counted (`others`): an advisory
 * targeted by supplier country reaches exactly the companies whose disclosures name that country, and
 * listing them would tell any official who sources what from where (the reach preview keeps to the same
 * rule). A company listed because a revision targeted supplier countries (not because one named it) is
 * listed because of what its disclosures say: each listing is recorded against it, as the reach preview's
 * naming is, and shows in its access log. `forExport` records the export in the audit log.
 */
export async function listAdvisoryDeliveries({ ctx, input }: ServiceCall<{ id: string; forExport?: boolean }>): Promise<AdvisoryDeliveries> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: input.id }, { hidden: true });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, input.id, "advisory.deliveries");
    // Published revisions only: a draft naming a company (anyone of the agency may start one) must not open
    // that company's delivery — whether it was reached, read, acknowledged — to whoever wrote the draft.
    const revisions = await tx
      .select({ targets: advisoryRevisions.targets })
      .from(advisoryRevisions)
      .where(and(eq(advisoryRevisions.advisoryId, row.id), eq(advisoryRevisions.state, "published")));
    const named = [...new Set(revisions.flatMap((r) => r.targets.organisations))];
    const knowable = or(
      ...revisions.map((r) => knowableReach(actor, r.targets)),
      named.length ? and(inArray(organisations.id, named), not(activeConflict(actor.userId, sql`${organisations.id}`))) : undefined,
    ) ?? sql`false`;
    const rows = await tx
      .select({
        d: advisoryDeliveries,
        nameEn: organisations.nameEn,
        nameJa: organisations.nameJa,
        readBy: reader.displayName,
        acknowledgedBy: acknowledger.displayName,
      })
      .from(advisoryDeliveries)
      .innerJoin(organisations, eq(organisations.id, advisoryDeliveries.organisationId))
      .leftJoin(reader, eq(reader.id, advisoryDeliveries.firstReadBy))
      .leftJoin(acknowledger, eq(acknowledger.id, advisoryDeliveries.acknowledgedBy))
      .where(and(eq(advisoryDeliveries.advisoryId, row.id), knowable))
      .orderBy(asc(organisations.nameEn), asc(advisoryDeliveries.id));
    const [others] = await tx
      .select({
        delivered: sql<number>`count(*)::int`,
        read: readNewest,
        acknowledged: acknowledgedNewest,
      })
      .from(advisoryDeliveries)
      .innerJoin(organisations, eq(organisations.id, advisoryDeliveries.organisationId))
      .where(and(eq(advisoryDeliveries.advisoryId, row.id), not(knowable)));
    if (revisions.some((r) => r.targets.countries.length > 0)) {
      const products = [...new Set(revisions.flatMap((r) => r.targets.products))];
      const byCountries = rows.map(({ d }) => d.organisationId).filter((id) => !named.includes(id));
      await recordNamedByCountries(tx, ctx, byCountries, products, DELIVERIES_PURPOSE);
    }
    if (input.forExport) {
      await emit(tx, ctx, {
        action: "advisory.export",
        outcome: "allowed",
        target: { type: "advisory", id: row.id, orgId: row.agencyId },
        details: { format: "deliveries_csv", rows: rows.length },
      });
    }
    const acknowledgements = await acknowledgementsOf(tx, rows.map(({ d }) => d.id));
    return {
      items: rows.map(({ d, nameEn, nameJa, readBy, acknowledgedBy }) => ({
        company: { id: d.organisationId, name: { en: nameEn, ja: nameJa } },
        deliveredAt: iso(d.deliveredAt)!,
        revision: d.currentRevision,
        firstReadAt: iso(d.firstReadAt),
        firstReadBy: readBy,
        readRevision: d.readRevision,
        acknowledgedAt: iso(d.acknowledgedAt),
        acknowledgedBy,
        acknowledgedRevision: d.acknowledgedRevision,
        acknowledgementNote: d.acknowledgementNote,
        acknowledgements: acknowledgements.get(d.id) ?? [],
      })),
      others: { delivered: Number(others?.delivered ?? 0), read: Number(others?.read ?? 0), acknowledged: Number(others?.acknowledged ?? 0) },
    };
  });
}
