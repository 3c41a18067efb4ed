import { eq, isNotNull, and } from "drizzle-orm";
import { userMfa, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { totpUri } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { withTx } from "./transaction";
import { beginEnrolment } from "./internal/mfa";

/** A signed-in user without an authenticator starts enrolling one; it counts once its first code is confirmed. */
export async function startMfaEnrolment({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const [confirmed] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, actor.userId), isNotNull(userMfa.confirmedAt)));
    if (confirmed) throw new ConflictError("An authenticator is already set up; remove it first to set up another.");
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
    const started = await beginEnrolment(tx, actor.userId);
    if (!started) throw new ConflictError("An authenticator is already set up; remove it first to set up another.");
    await emit(tx, ctx, { action: "mfa.enrolment_started", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: {} });
    return { secret: started.secret, uri: totpUri(user!.email, started.secret), recoveryCodes: started.recoveryCodes };
  });
}
