import { eq } from "drizzle-orm";
import { organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/**
 * A company admin requires (or stops requiring) a second factor of every user of the company. Once
 * required, sessions opened without one end at their next request, and each user enrols at their
 * next sign-in.
 */
export async function setCompanyMfaPolicy({ ctx, input }: ServiceCall<{ required: boolean }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "company.mfa_policy");
    const changed = await tx
      .update(organisations)
      .set({ mfaRequired: input.required })
      .where(eq(organisations.id, actor.orgId))
      .returning({ id: organisations.id });
    if (changed.length === 0) return;
    await emit(tx, ctx, { action: "organisation.mfa_policy", outcome: "allowed", target: { type: "organisation", id: actor.orgId, orgId: actor.orgId }, details: { mfaRequired: input.required } });
  });
}
