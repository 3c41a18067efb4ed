import { eq } from "drizzle-orm";
import { memberships, organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { revokeSessionsOf } from "./internal/sessions";
import { enterRowSecurity } from "./internal/row-security";

/**
 * A company admin requires (or stops requiring) a second factor of every user of the company. Once
 * required, every session of the company's users opened without one ends, there and then (each recorded
 * as `session.revoke`, reason `mfa_policy`: lifting the rule again brings none back), and each user enrols
 * at their next sign-in.
 */
export async function setCompanyMfaPolicy({ ctx, input }: ServiceCall<{ required: boolean }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "company.mfa_policy");
    await enterRowSecurity(tx, actor);
    const changed = await tx
      .update(organisations)
      .set({ mfaRequired: input.required })
      .where(eq(organisations.id, actor.orgId))
      .returning({ id: organisations.id });
    if (changed.length === 0) return;
    await emit(tx, ctx, { action: "organisation.mfa_policy", outcome: "allowed", target: { type: "organisation", id: actor.orgId, orgId: actor.orgId }, details: { mfaRequired: input.required } });
    if (!input.required) return;
    const members = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organisationId, actor.orgId));
    for (const { userId } of members) {
      const ended = await revokeSessionsOf(tx, userId, "admin", actor.userId, { passwordOnly: true });
      if (ended.length) {
        await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target: { type: "user", id: userId, orgId: actor.orgId }, details: { sessionIds: ended, reason: "mfa_policy" } });
      }
    }
  });
}
