import { and, eq, sql } from "drizzle-orm";
import { disclosures } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { createDisclosureSchema, type CreateDisclosureInput, type Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { parseInput, type Input } from "./input";
import { disclosureView, saveWorkingCopy } from "./internal/disclosures";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

/**
 * A company officer or admin starts the draft of a reporting period: one per company and period; a second
 * (even one sent at the same moment) gets 409 naming the first. A draft withdrawn before it was ever
 * submitted is started again instead (it would otherwise close the period for good: the government never
 * saw it, and a withdrawn disclosure can change no more).
 */
export async function createDisclosure({ ctx, input: raw }: ServiceCall<Input<CreateDisclosureInput>>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "disclosure.edit_own");
    const input = parseInput(createDisclosureSchema, raw);
    await enterRowSecurity(tx, actor);
    // The unique key decides, so that of two concurrent creates one gets the draft and the other this 409.
    const [row] = await tx
      .insert(disclosures)
      .values({
        organisationId: actor.orgId,
        reportingPeriod: input.reportingPeriod,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      })
      .onConflictDoNothing({ target: [disclosures.organisationId, disclosures.reportingPeriod] })
      .returning();
    const revived = row
      ? undefined
      : (
          await tx
            .update(disclosures)
            .set({ status: "draft", revision: sql`${disclosures.revision} + 1`, updatedAt: sql`now()`, updatedBy: actor.userId })
            .where(
              and(
                eq(disclosures.organisationId, actor.orgId),
                eq(disclosures.reportingPeriod, input.reportingPeriod),
                eq(disclosures.status, "withdrawn"),
                eq(disclosures.latestVersion, 0),
              ),
            )
            .returning()
        )[0];
    const created = row ?? revived;
    if (!created) {
      const [existing] = await tx
        .select({ id: disclosures.id })
        .from(disclosures)
        .where(and(eq(disclosures.organisationId, actor.orgId), eq(disclosures.reportingPeriod, input.reportingPeriod)));
      throw new ConflictError(serviceMessage("disclosureExists", { period: input.reportingPeriod, id: existing!.id }));
    }
    await saveWorkingCopy(tx, created, { items: input.items, notes: input.notes || null });
    await emit(tx, ctx, {
      action: "disclosure.create",
      outcome: "allowed",
      target: { type: "disclosure", id: created.id, orgId: actor.orgId },
      details: { reportingPeriod: input.reportingPeriod, itemCount: input.items.length, ...(revived ? { revived: true as const } : {}) },
    });
    return disclosureView(tx, actor, created);
  });
}
