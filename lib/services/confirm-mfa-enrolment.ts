import { eq, isNull, and } from "drizzle-orm";
import { userMfa, userSessions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { totpCodeSchema, type TotpCodeInput } from "@/lib/schemas/sign-in";
import { RECOVERY_CODE_COUNT } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { ConflictError, ValidationError } from "./errors";
import { parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { checkSecondFactor } from "./internal/mfa";
import { serviceMessage } from "./messages";
import { noticeSecurityChange } from "./internal/security-notices";
import { endPasswordOnlySessions } from "./internal/sessions";

/**
 * Confirms a pending enrolment with the new authenticator's first code; this session then counts as
 * signed in with a second factor, and the caller's other sessions opened without one end.
 */
export async function confirmMfaEnrolment({ ctx, input: raw }: ServiceCall<Input<TotpCodeInput>>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(totpCodeSchema, raw);
    const [pending] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, actor.userId), isNull(userMfa.confirmedAt)));
    if (!pending) throw new ConflictError(serviceMessage("noPendingAuthenticator"));
    const result = await checkSecondFactor(tx, actor.userId, input.code);
    if (!result.ok || !result.enrolled) throw new ValidationError([{ path: "code", message: "validation.codeRefused" }]);
    if (actor.sessionId) await tx.update(userSessions).set({ mfa: true }).where(eq(userSessions.id, actor.sessionId));
    await emit(tx, ctx, { action: "mfa.enrol", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: { recoveryCodes: RECOVERY_CODE_COUNT } });
    await noticeSecurityChange(tx, actor.userId, "authenticator_enrolled");
    await endPasswordOnlySessions(tx, ctx, actor, actor.sessionId);
  });
}
