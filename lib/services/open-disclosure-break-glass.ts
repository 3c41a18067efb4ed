import { sql } from "drizzle-orm";
import { z } from "zod";
import { disclosures } from "@/db/schema";
import { activeConflict } from "@/lib/authz/scope";
import { emit } from "@/lib/audit/emit";
import { breakGlassSchema, type Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { disclosureView, findVisible, isUuid, requireDisclosurePermission } from "./internal/disclosures";
import { withRowSecurity } from "./internal/row-security";
import { claimedId, parseInput, type Input } from "./input";
import { withTx } from "./transaction";

const callSchema = breakGlassSchema.extend({ id: z.string() });

/**
 * Break-glass: an approver opens a submitted disclosure outside their assignment, after writing why.
 * The read is recorded with the justification as its purpose and flagged (`breakGlass`), for the
 * auditors' anomaly list and the company's access log. A conflict of interest is never overridden.
 */
export async function openDisclosureBreakGlass({ ctx, input: raw }: ServiceCall<Input<{ id: string; justification: string }>>): Promise<Disclosure> {
  return withTx(ctx, async (tx) => {
    const actor = requireDisclosurePermission(ctx, "disclosure.break_glass", claimedId(raw));
    const id = claimedId(raw);
    const scope = sql`${disclosures.latestVersion} >= 1 and ${disclosures.status} <> 'draft'
      and not ${activeConflict(actor.userId, sql`${disclosures.organisationId}`)}`;
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, id, "disclosure.break_glass", { scope }), isUuid(id) ? id : undefined);
    // The justification is checked once the disclosure is known to be one the approver may open.
    const { justification } = parseInput(callSchema, raw);
    await emit(tx, ctx, {
      action: "disclosure.read",
      outcome: "allowed",
      purpose: justification,
      target: { type: "disclosure", id: row.id, orgId: row.organisationId },
      details: { version: row.latestVersion, breakGlass: true },
    });
    return disclosureView(tx, actor, row);
  });
}
