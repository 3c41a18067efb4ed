import { eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { roleChangeSchema, rolesForOrganisationType, type RoleChangeInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { claimedId, parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { revokeLiveTokensOf } from "./internal/api-tokens";
import { revokeSessionsOf } from "./internal/sessions";
import { findManagedUser, keepAnotherAdmin, refuseOwnAccount, enterUserAdmin, roleNotGrantable } from "./internal/users";

/**
 * Changes a user's role within their organisation (a company admin: between the company's two roles,
 * for their own company's users). Every open session of the user ends with it, and every live API token
 * is revoked (a token would otherwise act in the new role, which no one issued it for).
 */
export async function changeUserRole({ ctx, input: raw }: ServiceCall<Input<RoleChangeInput>>): Promise<{ from: string; to: string; endedSessions: number; revokedTokens: number }> {
  return withTx(ctx, async (tx) => {
    const { actor, onlyOrg } = await enterUserAdmin(tx, ctx, "user.role_change", { type: "user", id: claimedId(raw, "userId") });
    // Locked: of two admins making the same change at once, the second finds it made and records nothing.
    const user = await findManagedUser(tx, onlyOrg, claimedId(raw, "userId"), "user.role_change", { lock: true });
    const input = parseInput(roleChangeSchema, raw);
    if (!rolesForOrganisationType[user.orgType].includes(input.role)) throw roleNotGrantable("user.role_change", { type: "user", id: user.userId, orgId: user.orgId });
    // Refused, and recorded as a denial: no one raises (or lowers) their own authority.
    refuseOwnAccount(actor, user, "user.role_change", "cannotChangeOwnRole");
    if (user.role === input.role) return { from: user.role, to: input.role, endedSessions: 0, revokedTokens: 0 };
    await keepAnotherAdmin(tx, actor, user);
    await tx.update(memberships).set({ role: input.role }).where(eq(memberships.userId, user.userId));
    const ended = await revokeSessionsOf(tx, user.userId, "role_change", actor.userId);
    const target = { type: "user", id: user.userId, orgId: user.orgId };
    await emit(tx, ctx, { action: "user.role_change", outcome: "allowed", target, details: { from: user.role, to: input.role } });
    if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "role_change" } });
    const revokedTokens = await revokeLiveTokensOf(tx, ctx, user, "role_change");
    return { from: user.role, to: input.role, endedSessions: ended.length, revokedTokens };
  });
}
