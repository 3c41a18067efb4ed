import { eq, sql } from "drizzle-orm";
import { disclosures, disclosureVersions, exposureItemRow, exposureItems } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { exposureItemsSchema, type Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { StaleRevisionError, ValidationError } from "./errors";
import { disclosureView, editableStatuses, enterRowSecurity, findVisible, illegalTransition } from "./internal/disclosures";
import { withTx } from "./transaction";

/**
 * Submits the working copy: it is checked again (a mitigation date may have passed since it was saved),
 * frozen as the next immutable version, and the disclosure goes to review. With `revision`, a working
 * copy changed since the caller loaded it is refused (409) rather than submitted unseen.
 */
export async function submitDisclosure({ ctx, input }: ServiceCall<{ id: string; revision?: number }>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "disclosure.edit_own");
    await enterRowSecurity(tx, actor);
    const row = await findVisible(tx, actor, input.id, "disclosure.submit", { lock: true });
    if (!editableStatuses.has(row.status)) throw illegalTransition(row, "submitted");
    if (input.revision !== undefined && row.revision !== input.revision) throw new StaleRevisionError(await disclosureView(tx, actor, row));
    if (row.draftItems.length === 0) {
      throw new ValidationError([{ path: "items", message: "Add at least one exposure item before submitting." }]);
    }
    const checked = exposureItemsSchema.safeParse(row.draftItems);
    if (!checked.success) {
      throw new ValidationError(fieldErrorsFrom(checked.error).map((e) => ({ ...e, path: `items.${e.path}` })), "The draft has errors to correct before it can be submitted.");
    }

    const number = row.latestVersion + 1;
    const [version] = await tx
      .insert(disclosureVersions)
      .values({ disclosureId: row.id, organisationId: row.organisationId, number, notes: row.draftNotes, submittedBy: actor.userId })
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
