import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { passwordChangeSchema, type PasswordChangeInput } from "@/lib/schemas/password";
import { hashPassword } from "@/lib/security/passwords";
import type { ServiceCall } from "./context";
import { parseInput, type Input } from "./input";
import { revokeSessionsOf } from "./internal/sessions";
import { reauthenticated } from "./internal/reauthentication";
import { noticeSecurityChange } from "./internal/security-notices";
import { revokeLiveTokensOf } from "./internal/api-tokens";
import { refuseUnfitPassword } from "./internal/new-password";

/**
 * Changes the caller's password after checking the current one (`reauthenticated`: throttled like a
 * sign-in, a wrong one counted as a failed sign-in). Every other session of the caller ends; this one
 * stays open. With `revokeApiTokens`, the caller's own API tokens are revoked too.
 */
export async function changeOwnPassword({ ctx, input: raw }: ServiceCall<Input<PasswordChangeInput>>): Promise<{ endedSessions: number; revokedTokens: number }> {
  return reauthenticated(ctx, async (tx, confirm) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(passwordChangeSchema, raw);
    const account = await confirm(actor, input.currentPassword);
    // The form's email field is only a hint for its own check; the account's address is the one that counts.
    await refuseUnfitPassword(input.password, account);
    const target = { type: "user", id: actor.userId, orgId: actor.orgId };
    await tx.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, actor.userId));
    const ended = await revokeSessionsOf(tx, actor.userId, "password_change", actor.userId, actor.sessionId ? { except: actor.sessionId } : {});
    await emit(tx, ctx, { action: "password.change", outcome: "allowed", target, details: { via: "account" } });
    await noticeSecurityChange(tx, actor.userId, "password_changed");
    if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "password_change" } });
    const revokedTokens = input.revokeApiTokens ? await revokeLiveTokensOf(tx, ctx, actor, "password_change") : 0;
    return { endedSessions: ended.length, revokedTokens };
  });
}
