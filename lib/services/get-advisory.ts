import { sql } from "drizzle-orm";
import { advisoryDeliveries, type AdvisoryDeliveryRow } from "@/db/schema";
import { can, requireActor, requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { isLimitedDisclosure } from "@/lib/advisories/tlp";
import type { Executor } from "@/db/client";
import type { Advisory } from "@/lib/schemas/advisory";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { advisoryView, findAgencyAdvisory, findCompanyAdvisory, findDelivery } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
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
 * records when and by whom, and the audit log records it too. Content under limited disclosure (TLP AMBER,
 * AMBER+STRICT, RED) is confidential: every opening of it, by agency staff or a company, is recorded.
 */
export async function getAdvisory({ ctx, input }: ServiceCall<{ id: string }>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requireAdvisoryReader(ctx, input.id);
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    if (can(actor.role, "advisory.draft")) {
      const view = await advisoryView(tx, actor, await findAgencyAdvisory(tx, actor, input.id, "advisory.read"));
      if (isLimitedDisclosure(view.tlp)) await recordRead(tx, ctx, view, { receipt: false, first: false });
      return view;
    }
    const row = await findCompanyAdvisory(tx, actor, input.id, "advisory.read");
    // What the reader is shown (advisoryView) is the revision published when the row above was read. A
    // revision approved since — its delivery updated before the lock below is granted — is not the one
    // read, so the receipt goes no further than the one shown.
    const shown = row.publishedRevision ?? row.currentRevision;
    const readable = (d: AdvisoryDeliveryRow) => Math.min(d.currentRevision, shown);
    const unread = (d: AdvisoryDeliveryRow | null): d is AdvisoryDeliveryRow => d !== null && (d.readRevision === null || d.readRevision < readable(d));
    let delivery = await findDelivery(tx, row.id, actor.orgId);
    // A receipt to record: read again under the row's lock, so that of two first reads at once only one is
    // the first.
    if (unread(delivery)) delivery = await findDelivery(tx, row.id, actor.orgId, { lock: true });
    const receipt = unread(delivery) ? delivery : null;
    if (receipt) {
      await tx
        .update(advisoryDeliveries)
        .set({
          firstReadAt: sql`coalesce(${advisoryDeliveries.firstReadAt}, now())`,
          firstReadBy: sql`coalesce(${advisoryDeliveries.firstReadBy}, ${actor.userId}::uuid)`,
          readRevision: readable(receipt),
        })
        .where(and(eq(advisoryDeliveries.id, receipt.id)));
    }
    const view = await advisoryView(tx, actor, row);
    if (receipt || isLimitedDisclosure(view.tlp)) await recordRead(tx, ctx, view, { receipt: receipt !== null, first: receipt !== null && receipt.firstReadAt === null });
    return view;
  });
}

/** The audit event of an advisory's opening (see getAdvisory), in the reading's transaction. */
function recordRead(tx: Executor, ctx: RequestContext, view: Advisory, reading: { receipt: boolean; first: boolean }): Promise<void> {
  return emit(tx, ctx, {
    action: "advisory.read",
    outcome: "allowed",
    target: { type: "advisory", id: view.id, orgId: view.agency.id },
    details: { revision: view.revision, tlp: view.tlp, ...reading },
  });
}
