import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { withTx } from "./transaction";
import { invitationsPerHour, issueAccountLink, refuseOverLinkLimit } from "./internal/account-links";
import { findManagedUser, enterUserAdmin } from "./internal/users";
import { serviceMessage } from "./messages";

/**
 * An administrator sends a user a password-reset link (a platform admin anyone, a company admin their
 * own company's users), or a fresh invitation to someone who never set a password. A disabled account
 * gets no link (it could not be followed): it is enabled first. Links count against the administrator's
 * hourly limit of invitations (refuseOverLinkLimit).
 */
export async function issuePasswordReset({ ctx, input }: ServiceCall<{ userId: string }>, perHour = invitationsPerHour()): Promise<{ purpose: "invitation" | "password_reset"; expiresAt: Date }> {
  return withTx(ctx, async (tx) => {
    const { actor, onlyOrg } = await enterUserAdmin(tx, ctx, "password.reset", { type: "user", id: input.userId });
    // Locked, as for disabling: a link is not issued beside a disabling that has not committed yet.
    const user = await findManagedUser(tx, onlyOrg, input.userId, "password.reset", { lock: true });
    if (user.disabledAt) throw new ConflictError(serviceMessage("userDisabled"));
    const purpose = user.hasPassword ? "password_reset" : "invitation";
    // Counted with invitations: each link is an email the administrator has the platform write.
    await refuseOverLinkLimit(tx, actor.userId, perHour, "password.reset", { type: "user", id: user.userId, orgId: user.orgId });
    const { expiresAt } = await issueAccountLink(tx, ctx, purpose, user.userId, actor.userId);
    return { purpose, expiresAt };
  });
}
