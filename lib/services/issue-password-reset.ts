import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { issueAccountLink } from "./internal/account-links";
import { findManagedUser, requireUserAdmin } from "./internal/users";

/**
 * An administrator sends a user a password-reset link (a platform admin anyone, a company admin their
 * own company's users), or a fresh invitation to someone who never set a password.
 */
export async function issuePasswordReset({ ctx, input }: ServiceCall<{ userId: string }>): Promise<{ purpose: "invitation" | "password_reset"; expiresAt: Date }> {
  return withTx(ctx, async (tx) => {
    const { actor, onlyOrg } = requireUserAdmin(ctx, "password.reset", { type: "user", id: input.userId });
    const user = await findManagedUser(tx, onlyOrg, input.userId, "password.reset");
    const purpose = user.hasPassword ? "password_reset" : "invitation";
    const { expiresAt } = await issueAccountLink(tx, ctx, purpose, user.userId, actor.userId);
    return { purpose, expiresAt };
  });
}
