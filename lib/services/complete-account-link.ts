import { eq, sql } from "drizzle-orm";
import { accountLinks, users, type AccountLinkPurpose } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { AccountLinkCompletionInput } from "@/lib/schemas/password";
import { hashPassword } from "@/lib/security/passwords";
import type { ServiceCall } from "./context";
import { ValidationError, withDenial } from "./errors";
import { withTx } from "./transaction";
import { findAccountLink } from "./internal/account-links";
import { revokeSessionsOf } from "./internal/sessions";
import { noticeSecurityChange } from "./internal/security-notices";
import { revokeLiveTokensOf } from "./internal/api-tokens";
import { liftAccountLock } from "./internal/throttle";
import { refuseUnfitPassword } from "./internal/new-password";

/** A link that is unknown, expired or already used: a field error on the page, nothing changed, the attempt audited. */
export class AccountLinkRejected extends ValidationError {
  constructor(readonly reason: "unknown" | "expired" | "used") {
    super([{ path: "token", message: `validation.link_${reason}` }], "This link cannot be used.");
  }
}

/**
 * Follows an invitation or password-reset link: sets the account's password and uses the link up.
 * A reset also ends every open session of the account and revokes its API tokens: a reset is how an
 * account is taken back, and a session or token made by whoever held it must not outlive it. It lifts
 * the account's sign-in lock too (the holder of the mailbox has just chosen a password nobody failed
 * with), so its owner can sign in at once. The link is locked while it is used, so two submissions of
 * one link cannot both succeed. A link of a disabled account is refused as an expired one, nothing written.
 */
export async function completeAccountLink({ ctx, input }: ServiceCall<AccountLinkCompletionInput & { purpose: AccountLinkPurpose }>): Promise<{ email: string; revokedTokens: number }> {
  return withTx(ctx, async (tx) => {
    const link = await findAccountLink(tx, input.token, input.purpose, true);
    if (!link.ok) {
      throw withDenial(new AccountLinkRejected(link.reason), {
        action: "account_link.rejected",
        outcome: "denied",
        target: link.userId ? { type: "user", id: link.userId, orgId: link.orgId } : undefined,
        details: { reason: link.reason, purpose: input.purpose },
      });
    }
    // The account's own address is what counts, whatever the form sent.
    await refuseUnfitPassword(input.password, link);
    await tx.update(accountLinks).set({ usedAt: sql`now()` }).where(eq(accountLinks.id, link.linkId));
    await tx.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, link.userId));
    const target = { type: "user", id: link.userId, orgId: link.orgId };
    await emit(tx, ctx, { action: "password.change", outcome: "allowed", target, details: { via: input.purpose === "invitation" ? "invitation" : "reset_link" } });
    if (input.purpose === "password_reset") {
      await noticeSecurityChange(tx, link.userId, "password_reset");
      const ended = await revokeSessionsOf(tx, link.userId, "password_change", null);
      if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "password_change" } });
      const revokedTokens = await revokeLiveTokensOf(tx, ctx, link, "password_reset");
      const lifted = await liftAccountLock(tx, link.email);
      if (lifted) await emit(tx, ctx, { action: "auth.unlock", outcome: "allowed", target, details: { ...lifted, via: "password_reset" } });
      return { email: link.email, revokedTokens };
    }
    return { email: link.email, revokedTokens: 0 };
  });
}
