import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { passwordChangeSchema, passwordContainsEmail, type PasswordChangeInput } from "@/lib/schemas/password";
import { hashPassword, verifyPassword } from "@/lib/security/passwords";
import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { revokeSessionsOf } from "./internal/sessions";

/**
 * Changes the caller's password after checking the current one. Every other session of the caller
 * ends; this one stays open.
 */
export async function changeOwnPassword({ ctx, input: raw }: ServiceCall<Input<PasswordChangeInput>>): Promise<{ endedSessions: number }> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(passwordChangeSchema, raw);
    const [user] = await tx.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new ValidationError([{ path: "currentPassword", message: "validation.currentPassword" }]);
    }
    // The form's email field is only a hint for its own check; the account's address is the one that counts.
    if (passwordContainsEmail(input.password, user.email)) throw new ValidationError([{ path: "password", message: "validation.passwordEmail" }]);
    await tx.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, actor.userId));
    const ended = await revokeSessionsOf(tx, actor.userId, "password_change", actor.userId, actor.sessionId ? { except: actor.sessionId } : {});
    const target = { type: "user", id: actor.userId, orgId: actor.orgId };
    await emit(tx, ctx, { action: "password.change", outcome: "allowed", target, details: { via: "account" } });
    if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "password_change" } });
    return { endedSessions: ended.length };
  });
}
