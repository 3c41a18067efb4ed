import { eq, sql } from "drizzle-orm";
import { advisoryDeliveries } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { AcknowledgeAdvisoryInput, Advisory } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { advisoryView, findCompanyAdvisory, findDelivery } from "./internal/advisories";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

/** A company acknowledges the newest revision delivered to it, with an optional note for the agency. */
export async function acknowledgeAdvisory({ ctx, input }: ServiceCall<{ id: string; acknowledgement: AcknowledgeAdvisoryInput }>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.acknowledge", { type: "advisory", id: input.id });
    const row = await findCompanyAdvisory(tx, actor, input.id, "advisory.acknowledge");
    const delivery = await findDelivery(tx, row.id, actor.orgId);
    if (!delivery) throw new ConflictError(serviceMessage("advisoryNotDelivered"));
    if (delivery.acknowledgedRevision === delivery.currentRevision) {
      throw new ConflictError(serviceMessage("advisoryAcknowledged", { revision: delivery.currentRevision }));
    }
    const note = input.acknowledgement.note || null;
    await tx
      .update(advisoryDeliveries)
      .set({
        acknowledgedAt: sql`now()`,
        acknowledgedBy: actor.userId,
        acknowledgedRevision: delivery.currentRevision,
        acknowledgementNote: note,
        // Acknowledging is reading: a compliance system may acknowledge through the API without a GET first.
        firstReadAt: sql`coalesce(${advisoryDeliveries.firstReadAt}, now())`,
        firstReadBy: sql`coalesce(${advisoryDeliveries.firstReadBy}, ${actor.userId}::uuid)`,
        readRevision: delivery.currentRevision,
      })
      .where(eq(advisoryDeliveries.id, delivery.id));
    await emit(tx, ctx, {
      action: "advisory.acknowledge",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: { revision: delivery.currentRevision, withNote: note !== null },
    });
    return advisoryView(tx, actor, row);
  });
}
