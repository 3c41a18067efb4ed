import { eq, sql } from "drizzle-orm";
import { disclosures } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { z } from "zod";
import { updateDisclosureSchema, type Disclosure, type UpdateDisclosureInput } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { StaleRevisionError } from "./errors";
import { claimedId, parseCall, parseInput, type Input } from "./input";
import { disclosureView, editableStatuses, findVisible, illegalTransition, requireDisclosurePermission, saveWorkingCopy } from "./internal/disclosures";
import { withRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

export interface UpdateDisclosureCall {
  id: string;
  /** The revision the caller's copy was loaded at (If-Match). */
  revision: number;
  changes: UpdateDisclosureInput;
}

const callSchema = z.object({ id: z.string(), revision: z.number().int().min(0), changes: z.unknown() });

/**
 * Saves the working copy of an editable disclosure. A save from an older revision than the stored one is
 * refused with the newer data (409), so concurrent edits never overwrite each other silently.
 */
export async function updateDisclosure({ ctx, input: raw }: ServiceCall<Input<UpdateDisclosureCall>>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requireDisclosurePermission(ctx, "disclosure.edit_own", claimedId(raw));
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, claimedId(raw), "disclosure.edit_own", { lock: true }));
    // The input is checked once the caller is known to hold this disclosure: to anyone else it does not exist.
    const input = parseCall(callSchema, raw);
    const { items, notes } = parseInput(updateDisclosureSchema, input.changes);
    if (!editableStatuses.has(row.status)) throw illegalTransition(row, "edited");
    if (row.revision !== input.revision) throw new StaleRevisionError(await disclosureView(tx, actor, row));

    const changed = [...(items !== undefined ? ["items"] : []), ...(notes !== undefined ? ["notes"] : [])];
    const copy = await saveWorkingCopy(tx, row, { ...(items !== undefined ? { items } : {}), ...(notes !== undefined ? { notes: notes || null } : {}) });
    const [saved] = await tx
      .update(disclosures)
      .set({
        revision: row.revision + 1,
        updatedAt: sql`now()`,
        updatedBy: actor.userId,
      })
      .where(eq(disclosures.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "disclosure.update",
      outcome: "allowed",
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { revision: saved!.revision, itemCount: copy.items.length, changed },
    });
    return disclosureView(tx, actor, saved!);
  });
}
