import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { ForbiddenError, withDenial } from "./errors";
import { withTx } from "./transaction";
import { expireAccountLinksOf } from "./internal/account-links";
import { revokeLiveTokensOf } from "./internal/api-tokens";
import { revokeSessionsOf } from "./internal/sessions";
import { enterUserAdmin, findManagedUser, keepAnotherAdmin, refuseOwnAccount } from "./internal/users";
import { serviceMessage } from "./messages";

/**
 * Disables a user or enables them again. Disabling ends their sessions, stops their unused invitation
 * and reset links, and revokes their live API tokens: enabling the account later brings none of them
 * back (a new link is sent, a new token made), so nothing issued before the disabling outlives it.
 * An account a platform admin disabled is enabled again by a platform admin only, never by the
 * company's own admin (403, audited): the operator's suspension is not the company's to lift. A platform
 * admin who disables an account its company had disabled makes it such a suspension (audited as a disabling).
 */
export async function setUserDisabled({ ctx, input }: ServiceCall<{ userId: string; disabled: boolean }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const attempted = input.disabled ? "user.disable" : "user.enable";
    const { actor, onlyOrg } = await enterUserAdmin(tx, ctx, attempted, { type: "user", id: input.userId });
    // Locked, as for a role change: the second of two at once finds it done.
    const user = await findManagedUser(tx, onlyOrg, input.userId, attempted, { lock: true });
    refuseOwnAccount(actor, user, attempted, "cannotDisableSelf");
    const byPlatform = onlyOrg === null;
    // A platform admin disabling an account its company already disabled makes it their suspension, which
    // the company's admin may not lift; anything else that asks for the state the account is in changes nothing.
    const suspending = input.disabled && Boolean(user.disabledAt) && byPlatform && !user.disabledByPlatform;
    if (Boolean(user.disabledAt) === input.disabled && !suspending) return;
    const target = { type: "user", id: user.userId, orgId: user.orgId };
    if (!input.disabled && user.disabledByPlatform && onlyOrg) {
      throw withDenial(new ForbiddenError(serviceMessage("suspendedByPlatform")), {
        action: "access.denied",
        outcome: "denied",
        target,
        details: { attempted, reason: "suspended_by_platform" },
      });
    }
    if (input.disabled && !suspending) await keepAnotherAdmin(tx, actor, user);
    await tx
      .update(users)
      .set(suspending ? { disabledByPlatform: true } : { disabledAt: input.disabled ? sql`now()` : null, disabledByPlatform: input.disabled && byPlatform })
      .where(eq(users.id, user.userId));
    if (!input.disabled) {
      await emit(tx, ctx, { action: "user.enable", outcome: "allowed", target, details: {} });
      return;
    }
    const expiredLinks = await expireAccountLinksOf(tx, user.userId);
    const revokedTokens = await revokeLiveTokensOf(tx, ctx, user, "disabled");
    await emit(tx, ctx, { action: "user.disable", outcome: "allowed", target, details: { expiredLinks, revokedTokens } });
    const ended = await revokeSessionsOf(tx, user.userId, "disabled", actor.userId);
    if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "disabled" } });
  });
}
