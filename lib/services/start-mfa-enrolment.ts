import { eq, isNotNull, and } from "drizzle-orm";
import { userMfa, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { totpUri } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { withTx } from "./transaction";
import { beginEnrolment } from "./internal/mfa";
import { serviceMessage } from "./messages";

/** A signed-in user without an authenticator starts enrolling one; it counts once its first code is confirmed. */
export async function startMfaEnrolment({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const [confirmed] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, actor.userId), isNotNull(userMfa.confirmedAt)));
    if (confirmed) throw new ConflictError(serviceMessage("authenticatorExists"));
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
    const started = await beginEnrolment(tx, actor.userId);
    if (!started) throw new ConflictError(serviceMessage("authenticatorExists"));
    await emit(tx, ctx, { action: "mfa.enrolment_started", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: {} });
    return { secret: started.secret, uri: totpUri(user!.email, started.secret), recoveryCodes: started.recoveryCodes };
  });
}
