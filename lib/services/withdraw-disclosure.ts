import { eq, sql } from "drizzle-orm";
import { disclosures, type DisclosureStatus } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { disclosureView, findVisible, illegalTransition, requireDisclosurePermission } from "./internal/disclosures";
import { withRowSecurity } from "./internal/row-security";
import { claimedId, type Input } from "./input";
import { withTx } from "./transaction";

const withdrawable: ReadonlySet<DisclosureStatus> = new Set(["draft", "submitted", "under_review", "changes_requested"]);

/** The company withdraws its disclosure, at any point before acceptance. Versions already submitted stay. */
export async function withdrawDisclosure({ ctx, input }: ServiceCall<Input<{ id: string }>>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requireDisclosurePermission(ctx, "disclosure.edit_own", claimedId(input));
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, claimedId(input), "disclosure.withdraw", { lock: true }));
    if (!withdrawable.has(row.status)) throw illegalTransition(row, "withdrawn");
    const [saved] = await tx
      .update(disclosures)
      .set({ status: "withdrawn", revision: row.revision + 1, updatedAt: sql`now()`, updatedBy: actor.userId })
      .where(eq(disclosures.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "disclosure.withdraw",
      outcome: "allowed",
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { from: row.status },
    });
    return disclosureView(tx, actor, saved!);
  });
}
