import { and, eq, sql } from "drizzle-orm";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { Advisory } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ConflictError, ForbiddenError, withDenial } from "./errors";
import { advisoryView, computeReach, findAgencyAdvisory, findRevision, notAllowed, requireRevisionReachesDelivered } from "./internal/advisories";
import { wroteRevision } from "./internal/advisory-four-eyes";
import { claimedId, type Input } from "./input";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

/**
 * One who wrote the working draft (its author, an editor, or the advisory's creator) sends it to the
 * approvers' queue; it can no longer be edited. No one else may: a colleague's unfinished draft is not
 * theirs to send, and an approver who sent it and then approved it would have published alone.
 */
export async function requestAdvisoryApproval({ ctx, input }: ServiceCall<Input<{ id: string }>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: claimedId(input) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(input), "advisory.request_approval", { lock: true });
    const revision = await findRevision(tx, row.id, row.currentRevision);
    if (revision.state !== "draft" || row.status === "withdrawn" || row.status === "superseded") throw notAllowed(row, revision, "sent");
    if (!wroteRevision(actor.userId, row, revision)) {
      throw withDenial(new ForbiddenError(serviceMessage("advisoryRequestByWriter")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "advisory", id: row.id, orgId: row.agencyId },
        details: { attempted: "advisory.request_approval", reason: "not_a_writer" },
      });
    }
    // Whom targets by product, sector or name reach is a directory fact, checked now for the drafter's sake.
    // Whom supplier-country targets reach is what companies disclosed (who sources what from where): any
    // answer here — "reaches no company", "leaves out some delivered" — would tell a drafter outside those
    // companies' assignment, or recused from one, what their disclosures say, one probe at a time. Such a
    // draft is checked at approval instead, by the approver.
    if (revision.targets.countries.length === 0) {
      const reach = await computeReach(tx, revision.targets);
      if (reach.length === 0) throw new ConflictError(serviceMessage("advisoryNoReachYet"));
      if (revision.number > 1) await requireRevisionReachesDelivered(tx, row.id, reach);
    }
    await tx
      .update(advisoryRevisions)
      .set({ state: "pending_approval", approvalRequestedAt: sql`now()`, approvalRequestedBy: actor.userId, updatedAt: sql`now()` })
      .where(and(eq(advisoryRevisions.advisoryId, row.id), eq(advisoryRevisions.number, revision.number)));
    const [saved] = await tx
      .update(advisories)
      .set({ status: row.status === "draft" ? "pending_approval" : row.status, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(advisories.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "advisory.request_approval",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: { revision: revision.number },
    });
    return advisoryView(tx, actor, saved!);
  });
}
