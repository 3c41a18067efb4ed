import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { disclosures, disclosureVersions, exposureItemRow, exposureItems } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { exposureItemsSchema, type Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { StaleRevisionError, ValidationError } from "./errors";
import { disclosureView, editableStatuses, findVisible, findWorkingCopy, illegalTransition, requireDisclosurePermission } from "./internal/disclosures";
import { withRowSecurity } from "./internal/row-security";
import { claimedId, parseInput, type Input } from "./input";
import { withTx } from "./transaction";

const callSchema = z.object({ id: z.string(), revision: z.number().int().min(0).optional() });

/**
 * Submits the working copy: it is checked again (a mitigation date may have passed since it was saved),
 * frozen as the next immutable version, and the disclosure goes to review. With `revision`, a working
 * copy changed since the caller loaded it is refused (409) rather than submitted unseen.
 */
export async function submitDisclosure({ ctx, input: raw }: ServiceCall<Input<{ id: string; revision?: number }>>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requireDisclosurePermission(ctx, "disclosure.edit_own", claimedId(raw));
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, claimedId(raw), "disclosure.submit", { lock: true }));
    const input = parseInput(callSchema, raw);
    if (!editableStatuses.has(row.status)) throw illegalTransition(row, "submitted");
    if (input.revision !== undefined && row.revision !== input.revision) throw new StaleRevisionError(await disclosureView(tx, actor, row));
    const copy = await findWorkingCopy(tx, row.id);
    if (copy.items.length === 0) {
      throw new ValidationError([{ path: "items", message: "disclosures.submit.noItems" }]);
    }
    const checked = exposureItemsSchema.safeParse(copy.items);
    if (!checked.success) {
      const errors = checked.error.issues.map((issue) => ({ path: ["items", ...issue.path.map(String)].join("."), message: issue.message }));
      throw new ValidationError(errors, "The draft has errors to correct before it can be submitted.");
    }

    const number = row.latestVersion + 1;
    const [version] = await tx
      .insert(disclosureVersions)
      .values({ disclosureId: row.id, organisationId: row.organisationId, number, notes: copy.notes, submittedBy: actor.userId })
      .returning({ id: disclosureVersions.id });
    await tx
      .insert(exposureItems)
      .values(checked.data.map((item, position) => exposureItemRow(item, { versionId: version!.id, disclosureId: row.id, organisationId: row.organisationId, position })));
    const [saved] = await tx
      .update(disclosures)
      .set({ status: "submitted", latestVersion: number, revision: row.revision + 1, updatedAt: sql`now()`, updatedBy: actor.userId })
      .where(eq(disclosures.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "disclosure.submit",
      outcome: "allowed",
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { version: number, itemCount: checked.data.length },
    });
    return disclosureView(tx, actor, saved!);
  });
}
