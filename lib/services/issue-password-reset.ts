import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { withTx } from "./transaction";
import { issueAccountLink } from "./internal/account-links";
import { findManagedUser, requireUserAdmin } from "./internal/users";
import { serviceMessage } from "./messages";

/**
 * An administrator sends a user a password-reset link (a platform admin anyone, a company admin their
 * own company's users), or a fresh invitation to someone who never set a password. A disabled account
 * gets no link (it could not be followed): it is enabled first.
 */
export async function issuePasswordReset({ ctx, input }: ServiceCall<{ userId: string }>): Promise<{ purpose: "invitation" | "password_reset"; expiresAt: Date }> {
  return withTx(ctx, async (tx) => {
    const { actor, onlyOrg } = requireUserAdmin(ctx, "password.reset", { type: "user", id: input.userId });
    // Locked, as for disabling: a link is not issued beside a disabling that has not committed yet.
    const user = await findManagedUser(tx, onlyOrg, input.userId, "password.reset", { lock: true });
    if (user.disabledAt) throw new ConflictError(serviceMessage("userDisabled"));
    const purpose = user.hasPassword ? "password_reset" : "invitation";
    const { expiresAt } = await issueAccountLink(tx, ctx, purpose, user.userId, actor.userId);
    return { purpose, expiresAt };
  });
}
