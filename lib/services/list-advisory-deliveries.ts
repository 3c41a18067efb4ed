import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { advisoryDeliveries, organisations, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { DeliveryRow } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { findAgencyAdvisory, iso } from "./internal/advisories";
import { withTx } from "./transaction";

const reader = alias(users, "reader");
const acknowledger = alias(users, "acknowledger");

/**
 * Each targeted company's delivery of one of the agency's advisories: delivered, first read (by whom),
 * acknowledged (by whom, which revision, the note). `forExport` records the export in the audit log.
 */
export async function listAdvisoryDeliveries({ ctx, input }: ServiceCall<{ id: string; forExport?: boolean }>): Promise<DeliveryRow[]> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: input.id }, { hidden: true });
    const row = await findAgencyAdvisory(tx, actor, input.id, "advisory.deliveries");
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
      .where(eq(advisoryDeliveries.advisoryId, row.id))
      .orderBy(asc(organisations.nameEn), asc(advisoryDeliveries.id));
    if (input.forExport) {
      await emit(tx, ctx, {
        action: "advisory.export",
        outcome: "allowed",
        target: { type: "advisory", id: row.id, orgId: row.agencyId },
        details: { format: "deliveries_csv", rows: rows.length },
      });
    }
    return rows.map(({ d, nameEn, nameJa, readBy, acknowledgedBy }) => ({
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
    }));
  });
}

