import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { accountLinks, users } from "@/db/schema";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { ThrottledError, withDenial } from "./errors";
import { issueAccountLink } from "./internal/account-links";
import { addressSubject, reserveAttempt, type ThrottleKey } from "./internal/throttle";
import { throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";

// One self-service reset email per account per five minutes: the form must not become a way to flood a mailbox.
const RESEND_AFTER_MINUTES = 5;

/**
 * "Forgot password": sends a reset link to an active account with a password. It answers the same
 * whether or not the email belongs to anyone, so it cannot be used to find out who has an account.
 * Requests are throttled per client address like failed sign-ins (every request counts), so the form
 * cannot be used at any rate to probe accounts by timing or to send mail to many of them.
 */
export async function requestPasswordReset({ ctx, input }: ServiceCall<{ email: string }>, config: ThrottleConfig = throttleConfig()): Promise<void> {
  const keys: ThrottleKey[] = ctx.clientIp ? [{ scope: "reset_address", subject: addressSubject(ctx.clientIp) }] : [];
  await withTx(ctx, async (tx) => {
    // Counted as it is admitted, in one statement per key (reserveAttempt): requests sent together cannot
    // all pass a check made before any of them was counted.
    const admitted = await reserveAttempt(tx, config, keys);
    if ("wait" in admitted) {
      const { retryAfterSeconds } = admitted.wait;
      throw withDenial(new ThrottledError(retryAfterSeconds, `Too many reset requests. Try again in ${retryAfterSeconds} seconds.`), {
        action: "password_reset.throttled",
        outcome: "denied",
        details: { retryAfterSeconds },
      });
    }
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(sql`lower(${users.email}) = lower(${input.email})`, isNull(users.disabledAt), sql`${users.passwordHash} is not null`))
      // Locked: requests for one account from two addresses at once take turns, so the second sees the first's link.
      .for("no key update");
    if (!user) return;
    const [recent] = await tx
      .select({ id: accountLinks.id })
      .from(accountLinks)
      .where(
        and(
          eq(accountLinks.userId, user.id),
          eq(accountLinks.purpose, "password_reset"),
          gt(accountLinks.createdAt, sql`now() - make_interval(mins => ${RESEND_AFTER_MINUTES})`),
        ),
      )
      .limit(1);
    if (recent) return;
    await issueAccountLink(tx, ctx, "password_reset", user.id, null);
  });
}
