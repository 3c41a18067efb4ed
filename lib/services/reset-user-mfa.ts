import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { revokeLiveTokensOf } from "./internal/api-tokens";
import { removeAuthenticator } from "./internal/mfa";
import { revokeSessionsOf } from "./internal/sessions";
import { findManagedUser, refuseOwnAccount } from "./internal/users";
import { noticeSecurityChange } from "./internal/security-notices";

/**
 * A platform admin removes a user's authenticator (lost phone, no recovery code left): the user's
 * sessions end and their API tokens are revoked (whoever holds the lost device may hold those too), and
 * their next sign-in asks them to enrol a new one. Not one's own: that is removed on `/account`, with
 * the current password.
 */
export async function resetUserMfa({ ctx, input }: ServiceCall<{ userId: string }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "user.manage", { type: "user", id: input.userId });
    const user = await findManagedUser(tx, null, input.userId, "mfa.remove");
    refuseOwnAccount(actor, user, "mfa.remove", "cannotResetOwnMfa");
    if (!(await removeAuthenticator(tx, user.userId))) return;
    const target = { type: "user", id: user.userId, orgId: user.orgId };
    await emit(tx, ctx, { action: "mfa.remove", outcome: "allowed", target, details: { by: "admin" } });
    await noticeSecurityChange(tx, user.userId, "authenticator_reset_by_admin");
    const ended = await revokeSessionsOf(tx, user.userId, "admin", actor.userId);
    if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "admin" } });
    await revokeLiveTokensOf(tx, ctx, user, "mfa_reset");
  });
}
