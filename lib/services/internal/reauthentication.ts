import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import { throttleConfig } from "@/lib/security/throttle-policy";
import { verifyPassword } from "@/lib/security/passwords";
import type { Actor, RequestContext } from "../context";
import { ThrottledError, ValidationError } from "../errors";
import { withTx } from "../transaction";
import { admitAttempt, failAttempt, releaseAdmission } from "./sign-in";

// Changes to one's own credentials ask for the current password again, so that a session left open (or
// stolen) is not enough to take the account over. The check is throttled like a sign-in, on the same keys
// (the account and the client address), and a wrong password counts as a failed sign-in.

/** Thrown inside the work's transaction, so that everything it wrote rolls back; `reauthenticated` counts it. */
class CurrentPasswordRefused extends Error {
  constructor(readonly actor: Actor) {
    super("The current password was refused.");
  }
}

/** Confirms the caller's current password inside the work's transaction; answers the account's email and name. */
export type ConfirmPassword = (actor: Actor, password: string) => Promise<{ email: string; displayName: string }>;

/**
 * Runs `work` in one transaction in which it may call `confirm` with the password the caller typed.
 * Like a sign-in, the attempt is admitted by the throttle before the work begins — counted as a failure
 * on its keys first, so that guesses sent together cannot all be checked — and given back unless the
 * password turns out wrong. A throttled caller is refused unchecked (429, audited as
 * `auth.sign_in_throttled`); a wrong password rolls the work back, is recorded as `auth.sign_in_failed`
 * (reason `bad_current_password`) and answers a field error on `currentPassword`.
 */
export async function reauthenticated<T>(ctx: RequestContext, work: (tx: Tx, confirm: ConfirmPassword) => Promise<T>): Promise<T> {
  // Without a caller the work's own policy check refuses it; there is no account to count against.
  if (!ctx.actor) return withTx(ctx, (tx) => work(tx, () => Promise.reject(new Error("no caller whose password could be confirmed"))));
  const caller = ctx.actor;
  const config = throttleConfig();
  const email = await emailOf(ctx, caller.userId);
  const admission = await admitAttempt(ctx, config, email);
  if (!("keys" in admission)) throw new ThrottledError(admission.retryAfterSeconds);
  let failed = false;
  try {
    return await withTx(ctx, (tx) =>
      work(tx, async (actor, password) => {
        const [user] = await tx.select({ email: users.email, displayName: users.displayName, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
        // The attempt was admitted for the caller's account: a check of anyone else's is refused too.
        if (!user || actor.userId !== caller.userId || !(await verifyPassword(user.passwordHash, password))) throw new CurrentPasswordRefused(actor);
        return { email: user.email, displayName: user.displayName };
      }),
    );
  } catch (error) {
    if (!(error instanceof CurrentPasswordRefused)) throw error;
    failed = true;
    await failAttempt(ctx, config, admission, email, "bad_current_password", { userId: error.actor.userId, orgId: error.actor.orgId });
    throw new ValidationError([{ path: "currentPassword", message: "validation.currentPassword" }]);
  } finally {
    if (!failed) await releaseAdmission(ctx.db, config, admission, "not_failed");
  }
}

async function emailOf(ctx: RequestContext, userId: string): Promise<string> {
  const [user] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user?.email ?? "";
}
