import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import { throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";
import { verifyPassword } from "@/lib/security/passwords";
import type { Actor, RequestContext } from "../context";
import { ThrottledError, ValidationError, withDenial } from "../errors";
import { withTx } from "../transaction";
import { failAttempt } from "./sign-in";
import { signInKeys, throttleWait, type ThrottleKey } from "./throttle";

// Changes to one's own credentials ask for the current password again, so that a session left open (or
// stolen) is not enough to take the account over. The check is throttled like a sign-in, on the same keys
// (the account and the client address), and a wrong password counts as a failed sign-in.

/** Thrown inside the work's transaction, so that everything it wrote rolls back; `reauthenticated` counts it. */
class CurrentPasswordRefused extends Error {
  constructor(
    readonly keys: ThrottleKey[],
    readonly email: string,
    readonly actor: Actor,
  ) {
    super("The current password was refused.");
  }
}

/** Confirms the caller's current password inside the work's transaction; answers the account's email and name. */
export type ConfirmPassword = (actor: Actor, password: string) => Promise<{ email: string; displayName: string }>;

/**
 * Runs `work` in one transaction in which it may call `confirm` with the password the caller typed.
 * A throttled caller is refused unchecked (429, audited as `auth.sign_in_throttled`); a wrong password
 * rolls the work back, is recorded as `auth.sign_in_failed` (reason `bad_current_password`) and answers
 * a field error on `currentPassword`.
 */
export async function reauthenticated<T>(ctx: RequestContext, work: (tx: Tx, confirm: ConfirmPassword) => Promise<T>): Promise<T> {
  const config = throttleConfig();
  try {
    return await withTx(ctx, (tx) => work(tx, (actor, password) => confirmCurrentPassword(tx, ctx, config, actor, password)));
  } catch (error) {
    if (!(error instanceof CurrentPasswordRefused)) throw error;
    await failAttempt(ctx, config, error.keys, error.email, "bad_current_password", { userId: error.actor.userId, orgId: error.actor.orgId });
    throw new ValidationError([{ path: "currentPassword", message: "validation.currentPassword" }]);
  }
}

async function confirmCurrentPassword(tx: Tx, ctx: RequestContext, config: ThrottleConfig, actor: Actor, password: string): Promise<{ email: string; displayName: string }> {
  const [user] = await tx.select({ email: users.email, displayName: users.displayName, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
  const email = user?.email ?? "";
  const keys = signInKeys(email, ctx.clientIp);
  const wait = await throttleWait(tx, keys);
  if (wait) {
    throw withDenial(new ThrottledError(wait.retryAfterSeconds), {
      action: "auth.sign_in_throttled",
      outcome: "denied",
      target: { type: "user", id: actor.userId, orgId: actor.orgId },
      details: { email: email.slice(0, 320), scope: wait.key.scope === "account" ? "account" : "address", retryAfterSeconds: wait.retryAfterSeconds },
    });
  }
  if (!user || !(await verifyPassword(user.passwordHash, password))) throw new CurrentPasswordRefused(keys, email, actor);
  return { email, displayName: user.displayName };
}
