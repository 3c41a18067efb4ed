import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { advisoryDeliveries } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { acknowledgeAdvisorySchema, type AcknowledgeAdvisoryInput, type Advisory } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { claimedId, parseCall, parseInput, refuseUnknownRevision, type Input } from "./input";
import { recordAcknowledgement } from "./internal/advisory-acknowledgements";
import { advisoryView, findCompanyAdvisory, findDelivery } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

const callSchema = z.object({ id: z.string(), acknowledgement: z.unknown() });

/**
 * A company acknowledges the newest revision delivered to it — the one it names, when it names one (the
 * form always does) — with an optional note for the agency.
 */
export async function acknowledgeAdvisory({ ctx, input: raw }: ServiceCall<Input<{ id: string; acknowledgement: AcknowledgeAdvisoryInput }>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.acknowledge", { type: "advisory", id: claimedId(raw) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const found = await findCompanyAdvisory(tx, actor, claimedId(raw), "advisory.acknowledge");
    // The note is checked once the advisory is known to be one delivered to the caller's company.
    const acknowledgement = parseInput(acknowledgeAdvisorySchema, parseCall(callSchema, raw).acknowledgement);
    // Locked: of two acknowledgements at once, the second finds the first and gets the 409. A withdrawal
    // locks every delivery too (withdrawAdvisory): it waits for this one, or this one for it and then reads
    // the advisory withdrawn below — never a withdrawal committed between that reading and the write below,
    // which the database's guard (migration 0042) would refuse mid-write.
    const delivery = await findDelivery(tx, found.id, actor.orgId, { lock: true });
    if (!delivery) throw new ConflictError(serviceMessage("advisoryNotDelivered"));
    const row = await findCompanyAdvisory(tx, actor, found.id, "advisory.acknowledge");
    if (row.status === "withdrawn") throw new ConflictError(serviceMessage("advisoryWithdrawnNoAck"));
    // The reader acknowledges what they saw: a revision delivered since is theirs to read first.
    refuseUnknownRevision(acknowledgement.revision, delivery.currentRevision, "revision");
    if (acknowledgement.revision !== undefined && acknowledgement.revision !== delivery.currentRevision) {
      throw new ConflictError(serviceMessage("advisoryRevisionChanged", { revision: delivery.currentRevision }));
    }
    if (delivery.acknowledgedRevision === delivery.currentRevision) {
      throw new ConflictError(serviceMessage("advisoryAcknowledged", { revision: delivery.currentRevision }));
    }
    const note = acknowledgement.note || null;
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
    // The delivery shows the latest acknowledgement only: each one, with its note, is kept (migration 0039).
    await recordAcknowledgement(tx, actor, delivery, note);
    await emit(tx, ctx, {
      action: "advisory.acknowledge",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: { revision: delivery.currentRevision, withNote: note !== null },
    });
    return advisoryView(tx, actor, row);
  });
}
