import { sql } from "drizzle-orm";
import { advisoryDeliveries } from "@/db/schema";
import { can, requireActor, requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { Advisory } from "@/lib/schemas/advisory";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { advisoryView, findAgencyAdvisory, findCompanyAdvisory, findDelivery } from "./internal/advisories";
import { withTx } from "./transaction";
import { and, eq } from "drizzle-orm";

/** Agency staff read their agency's advisories; companies the ones they may see; anyone else learns nothing (404). */
export function requireAdvisoryReader(ctx: RequestContext, id?: string): Actor {
  const actor = requireActor(ctx);
  if (can(actor.role, "advisory.draft") || can(actor.role, "advisory.read_delivered")) return actor;
  return requirePermission(ctx, "advisory.read_delivered", id ? { type: "advisory", id } : undefined, { hidden: true });
}

/**
 * One advisory. A company's first opening of a revision delivered to it is its read receipt: the delivery
 * records when and by whom, and the audit log records it too.
 */
export async function getAdvisory({ ctx, input }: ServiceCall<{ id: string }>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requireAdvisoryReader(ctx, input.id);
    if (can(actor.role, "advisory.draft")) return advisoryView(tx, actor, await findAgencyAdvisory(tx, actor, input.id, "advisory.read"));
    const row = await findCompanyAdvisory(tx, actor, input.id, "advisory.read");
    const delivery = await findDelivery(tx, row.id, actor.orgId);
    if (delivery && (delivery.readRevision === null || delivery.readRevision < delivery.currentRevision)) {
      await tx
        .update(advisoryDeliveries)
        .set({
          firstReadAt: sql`coalesce(${advisoryDeliveries.firstReadAt}, now())`,
          firstReadBy: sql`coalesce(${advisoryDeliveries.firstReadBy}, ${actor.userId}::uuid)`,
          readRevision: delivery.currentRevision,
        })
        .where(and(eq(advisoryDeliveries.id, delivery.id)));
      await emit(tx, ctx, {
        action: "advisory.read",
        outcome: "allowed",
        target: { type: "advisory", id: row.id, orgId: row.agencyId },
        details: { revision: delivery.currentRevision, first: delivery.firstReadAt === null },
      });
    }
    return advisoryView(tx, actor, row);
  });
}
