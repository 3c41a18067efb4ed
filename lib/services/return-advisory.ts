import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { returnAdvisorySchema, type Advisory, type ReturnAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { claimedId, parseInput, refuseUnknownRevision, type Input } from "./input";
import { advisoryView, findAgencyAdvisory, findRevision, notAllowed } from "./internal/advisories";
import { requireIndependentApprover, requireWriterOrApprover } from "./internal/advisory-four-eyes";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

const callSchema = returnAdvisorySchema.extend({ id: z.string() });

/**
 * Returns the revision awaiting approval to its writers as a draft, with what should change: an approver
 * who found a mistake, or one of its writers who sent it too early. Not a colleague who did not write it
 * (a reviewer does not pull back another's work from the approvers' queue), and no one in conflict with a
 * company the decision names (holding back a warning to that company is deciding on it). The revision keeps
 * its content and editors; its request is cleared and the return recorded on it (migration 0044). A first
 * revision takes its advisory back to draft; a published advisory's next revision leaves it published.
 */
export async function returnAdvisory({ ctx, input: raw }: ServiceCall<Input<{ id: string } & ReturnAdvisoryInput>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: claimedId(raw) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(raw), "advisory.return", { lock: true });
    const revision = await findRevision(tx, row.id, row.currentRevision);
    if (revision.state !== "pending_approval" || row.status === "withdrawn" || row.status === "superseded") throw notAllowed(row, revision, "returned");
    requireWriterOrApprover(actor, row, revision, "advisory.return", "writerOrApproverReturn");
    await requireIndependentApprover(tx, actor, row, revision, "advisory.return");
    // The reason is checked once the caller is known to be one who may return it.
    const input = parseInput(callSchema, raw);
    refuseUnknownRevision(input.revision, revision.number, "revision");
    if (input.revision !== undefined && input.revision !== revision.number) {
      throw new ConflictError(serviceMessage("advisoryReturnRevisionChanged", { revision: revision.number }));
    }
    // The revision first: the advisory's guard reads it returned, now, by the caller (migration 0044).
    await tx
      .update(advisoryRevisions)
      .set({
        state: "draft",
        approvalRequestedAt: null,
        approvalRequestedBy: null,
        returnedAt: sql`now()`,
        returnedBy: actor.userId,
        returnReason: input.reason,
        updatedAt: sql`now()`,
      })
      .where(and(eq(advisoryRevisions.advisoryId, row.id), eq(advisoryRevisions.number, revision.number)));
    const [saved] = await tx
      .update(advisories)
      .set({ status: row.status === "pending_approval" ? "draft" : row.status, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(advisories.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "advisory.return",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: { revision: revision.number, reason: input.reason },
    });
    return advisoryView(tx, actor, saved!);
  });
}
