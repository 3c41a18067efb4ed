import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { liftAccountLock } from "./internal/throttle";
import { findManagedUser, refuseOwnAccount } from "./internal/users";

/**
 * A platform admin lifts a user's sign-in back-off or lockout: the account's failure count starts again
 * from nothing, so someone who knows an email cannot keep its owner out. The addresses that failed stay
 * counted. Answers whether there was anything to lift; only a lifted count is an audit event. Not one's
 * own account's: another admin lifts it (or a password reset does).
 */
export async function unlockUser({ ctx, input }: ServiceCall<{ userId: string }>): Promise<boolean> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "user.manage", { type: "user", id: input.userId });
    const user = await findManagedUser(tx, null, input.userId, "auth.unlock");
    refuseOwnAccount(actor, user, "auth.unlock", "cannotUnlockSelf");
    const lifted = await liftAccountLock(tx, user.email);
    if (!lifted) return false;
    await emit(tx, ctx, { action: "auth.unlock", outcome: "allowed", target: { type: "user", id: user.userId, orgId: user.orgId }, details: { ...lifted, via: "admin" } });
    return true;
  });
}
