import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { revokeSessionsOf } from "./internal/sessions";
import { findManagedUser, refuseOwnAccount } from "./internal/users";
import { enterRowSecurity } from "./internal/row-security";

/**
 * A platform admin ends a user's open sessions (one, or all); each is refused at its next request. Not
 * their own: those are ended one by one on `/account`, where the current session is kept.
 */
export async function revokeUserSessions({ ctx, input }: ServiceCall<{ userId: string; sessionId?: string }>): Promise<number> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "user.manage", { type: "user", id: input.userId });
    await enterRowSecurity(tx, actor);
    const user = await findManagedUser(tx, null, input.userId, "session.revoke");
    refuseOwnAccount(actor, user, "session.revoke", "cannotEndOwnSessions");
    const ended = await revokeSessionsOf(tx, user.userId, "admin", actor.userId, input.sessionId ? { only: input.sessionId } : {});
    if (ended.length) {
      await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target: { type: "user", id: user.userId, orgId: user.orgId }, details: { sessionIds: ended, reason: "admin" } });
    }
    return ended.length;
  });
}
