import { eq, isNotNull, and } from "drizzle-orm";
import { userMfa, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { totpUri } from "@/lib/security/totp";
import { reauthenticationSchema, type ReauthenticationInput } from "@/lib/schemas/password";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { parseInput, type Input } from "./input";
import { beginEnrolment } from "./internal/mfa";
import { reauthenticated } from "./internal/reauthentication";
import { serviceMessage } from "./messages";

/**
 * A signed-in user without an authenticator starts enrolling one, once the current password is confirmed
 * (`reauthenticated`: an open session alone would otherwise let whoever holds it put their own
 * authenticator on the account, and its recovery codes in their hands). It counts once its first code is
 * confirmed.
 */
export async function startMfaEnrolment({ ctx, input: raw }: ServiceCall<Input<ReauthenticationInput>>) {
  return reauthenticated(ctx, async (tx, confirm) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(reauthenticationSchema, raw);
    await confirm(actor, input.currentPassword);
    const [confirmed] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, actor.userId), isNotNull(userMfa.confirmedAt)));
    if (confirmed) throw new ConflictError(serviceMessage("authenticatorExists"));
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
    const started = await beginEnrolment(tx, actor.userId);
    if (!started) throw new ConflictError(serviceMessage("authenticatorExists"));
    await emit(tx, ctx, { action: "mfa.enrolment_started", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: {} });
    return { secret: started.secret, uri: totpUri(user!.email, started.secret), recoveryCodes: started.recoveryCodes };
  });
}
