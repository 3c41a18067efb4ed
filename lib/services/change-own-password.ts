import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { passwordChangeSchema, passwordContainsEmail, type PasswordChangeInput } from "@/lib/schemas/password";
import { hashPassword, verifyPassword } from "@/lib/security/passwords";
import { throttleConfig } from "@/lib/security/throttle-policy";
import type { ServiceCall } from "./context";
import { ThrottledError, ValidationError, withDenial } from "./errors";
import { parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { revokeSessionsOf } from "./internal/sessions";
import { failAttempt } from "./internal/sign-in";
import { signInKeys, throttleWait } from "./internal/throttle";
import { noticeSecurityChange } from "./internal/security-notices";

/**
 * Changes the caller's password after checking the current one. Every other session of the caller
 * ends; this one stays open. The current-password check is throttled like a sign-in, on the same keys
 * (the account and the client address): a stolen session must not become a way to guess the password.
 */
export async function changeOwnPassword({ ctx, input: raw }: ServiceCall<Input<PasswordChangeInput>>): Promise<{ endedSessions: number }> {
  const config = throttleConfig();
  const attempt = await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(passwordChangeSchema, raw);
    const [user] = await tx.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
    const target = { type: "user", id: actor.userId, orgId: actor.orgId };
    const keys = signInKeys(user?.email ?? "", ctx.clientIp);
    const wait = await throttleWait(tx, config, keys);
    if (wait) {
      throw withDenial(new ThrottledError(wait.retryAfterSeconds), {
        action: "auth.sign_in_throttled",
        outcome: "denied",
        target,
        details: { email: (user?.email ?? "").slice(0, 320), scope: wait.key.scope === "account" ? "account" : "address", retryAfterSeconds: wait.retryAfterSeconds },
      });
    }
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false as const, keys, email: user?.email ?? "", actor };
    // The form's email field is only a hint for its own check; the account's address is the one that counts.
    if (passwordContainsEmail(input.password, user.email)) throw new ValidationError([{ path: "password", message: "validation.passwordEmail" }]);
    await tx.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, actor.userId));
    const ended = await revokeSessionsOf(tx, actor.userId, "password_change", actor.userId, actor.sessionId ? { except: actor.sessionId } : {});
    await emit(tx, ctx, { action: "password.change", outcome: "allowed", target, details: { via: "account" } });
    await noticeSecurityChange(tx, actor.userId, "password_changed");
    if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "password_change" } });
    return { ok: true as const, endedSessions: ended.length };
  });
  if (!attempt.ok) {
    // Nothing was written above; the failure counts (and is audited) on its own.
    await failAttempt(ctx, config, attempt.keys, attempt.email, "bad_current_password", { userId: attempt.actor.userId, orgId: attempt.actor.orgId });
    throw new ValidationError([{ path: "currentPassword", message: "validation.currentPassword" }]);
  }
  return { endedSessions: attempt.endedSessions };
}
