import { sql } from "drizzle-orm";
import { disclosures } from "@/db/schema";
import { activeConflict } from "@/lib/authz/scope";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { disclosureView, enterRowSecurity, findVisible, isUuid } from "./internal/disclosures";
import { withTx } from "./transaction";

/**
 * Break-glass: an approver opens a submitted disclosure outside their assignment, after writing why.
 * The read is recorded with the justification as its purpose and flagged (`breakGlass`), for the
 * auditors' anomaly list and the company's access log. A conflict of interest is never overridden.
 */
export async function openDisclosureBreakGlass({ ctx, input }: ServiceCall<{ id: string; justification: string }>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "disclosure.break_glass", { type: "disclosure", id: input.id });
    await enterRowSecurity(tx, actor, isUuid(input.id) ? input.id : undefined);
    const scope = sql`${disclosures.latestVersion} >= 1 and ${disclosures.status} <> 'draft'
      and not ${activeConflict(actor.userId, sql`${disclosures.organisationId}`)}`;
    const row = await findVisible(tx, actor, input.id, "disclosure.break_glass", { scope });
    await emit(tx, ctx, {
      action: "disclosure.read",
      outcome: "allowed",
      purpose: input.justification,
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { version: row.latestVersion, breakGlass: true },
    });
    return disclosureView(tx, actor, row);
  });
}
