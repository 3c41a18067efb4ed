import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { advisories, advisoryDeliveries, advisoryRevisions } from "@/db/schema";
import { advisoryEmail } from "@/lib/advisories/emails";
import { can, requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { withdrawAdvisorySchema, type Advisory } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ForbiddenError, withDenial } from "./errors";
import { claimedId, parseInput, type Input } from "./input";
import { advisoryView, findAgencyAdvisory, findRevision, notAllowed, recipientsOf } from "./internal/advisories";
import { requireIndependentApprover, requireWriterOrApprover } from "./internal/advisory-four-eyes";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

const callSchema = withdrawAdvisorySchema.extend({ id: z.string() });

/**
 * Withdraws an advisory with a reason. One never published is dropped by one of its writers or an approver;
 * a published one is withdrawn by an approver, and every company it was delivered to is told (its delivery
 * stays, with the reason shown). Either way not by anyone with a conflict with a company it names.
 */
export async function withdrawAdvisory({ ctx, input: raw }: ServiceCall<Input<{ id: string; reason: string }>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: claimedId(raw) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(raw), "advisory.withdraw", { lock: true });
    if (row.status === "withdrawn" || row.status === "superseded") throw notAllowed(row, null, "withdrawn");
    const published = row.publishedRevision !== null;
    const working = await findRevision(tx, row.id, row.currentRevision);
    // A published advisory is withdrawn by an approver; one never published by an approver or one of its
    // writers (a reviewer does not drop a colleague's warning unseen) — and by no one in conflict with a
    // company it names, whose warning that would be ending.
    if (published && !can(actor.role, "advisory.approve")) {
      throw withDenial(new ForbiddenError(serviceMessage("approverOnlyWithdraw")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "advisory", id: row.id, orgId: row.agencyId },
        details: { attempted: "advisory.withdraw", reason: "role_lacks_permission" },
      });
    }
    requireWriterOrApprover(actor, row, working, "advisory.withdraw", "writerOrApproverWithdraw");
    await requireIndependentApprover(tx, actor, row, working, "advisory.withdraw");
    // The reason is checked once the caller is known to be one who may withdraw it.
    const input = parseInput(callSchema, raw);
    // Every delivery locked: an acknowledgement under way ends first, or finds the advisory withdrawn (409).
    await tx.select({ id: advisoryDeliveries.id }).from(advisoryDeliveries).where(eq(advisoryDeliveries.advisoryId, row.id)).for("update");
    const [saved] = await tx
      .update(advisories)
      .set({ status: "withdrawn", withdrawnAt: sql`now()`, withdrawnBy: actor.userId, withdrawalReason: input.reason, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(advisories.id, row.id))
      .returning();
    // A revision still being drafted or awaiting approval goes with the advisory: discarded once it is withdrawn
    // (the database discards one only with its advisory ended, migration 0038).
    await tx
      .update(advisoryRevisions)
      .set({ state: "discarded", updatedAt: sql`now()` })
      .where(and(eq(advisoryRevisions.advisoryId, row.id), inArray(advisoryRevisions.state, ["draft", "pending_approval"])));
    let emails = 0;
    if (published) {
      const revision = await findRevision(tx, row.id, row.publishedRevision!);
      const delivered = await tx.select({ organisationId: advisoryDeliveries.organisationId }).from(advisoryDeliveries).where(eq(advisoryDeliveries.advisoryId, row.id));
      // Not its title or summary: what is withdrawn may be what was sent wrongly (advisoryEmail sends none of it).
      const facts = { advisoryId: row.id, reference: row.reference, revision: revision.number, severity: revision.severity, tlp: revision.tlp, extra: input.reason };
      const recipients = await recipientsOf(tx, delivered.map((d) => d.organisationId));
      emails = (await enqueueEmails(tx, recipients.map((r) => advisoryEmail("advisory.withdrawn", facts, { email: r.email, company: { en: r.orgEn, ja: r.orgJa }, language: r.language })))).length;
    }
    await emit(tx, ctx, {
      action: "advisory.withdraw",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: { from: row.status, reason: input.reason, emails },
    });
    return advisoryView(tx, actor, saved!);
  });
}
