import { emit } from "@/lib/audit/emit";
import type { SignInInput } from "@/lib/schemas/sign-in";
import { throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";
import { totpUri } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { beginEnrolment, mfaRequired } from "./internal/mfa";
import { admitAttempt, checkPassword, releaseAdmission } from "./internal/sign-in";

export type SignInEnrolment =
  | { kind: "started"; email: string; secret: string; uri: string; recoveryCodes: string[] }
  | { kind: "invalid"; retryAfterSeconds: number }
  | { kind: "throttled"; retryAfterSeconds: number }
  | { kind: "not_needed" };

/**
 * For an account that must sign in with a second factor but has none yet: after the same password
 * check (and throttling) as a sign-in, starts an enrolment and answers its secret and recovery codes.
 * Nothing is usable until the first TOTP code from the new authenticator completes the sign-in. An
 * authenticator already confirmed is never replaced here.
 */
export async function beginSignInEnrolment(
  { ctx, input }: ServiceCall<Pick<SignInInput, "email" | "password">>,
  config: ThrottleConfig = throttleConfig(),
): Promise<SignInEnrolment> {
  const gate = await admitAttempt(ctx, config, input.email);
  if (!("reserved" in gate)) return { kind: "throttled", retryAfterSeconds: gate.retryAfterSeconds };
  const checked = await checkPassword(ctx, config, gate, input);
  if (!checked.ok) return { kind: "invalid", retryAfterSeconds: checked.retryAfterSeconds };
  // The password was right: whatever follows, the attempt was no failure.
  await releaseAdmission(ctx.db, config, gate, "not_failed");
  const c = checked.candidate;
  if (c.mfaConfirmed || !mfaRequired(c.role, c.orgType, c.orgRequiresMfa ?? false, false)) return { kind: "not_needed" };
  return withTx(ctx, async (tx) => {
    const started = await beginEnrolment(tx, c.userId);
    if (!started) return { kind: "not_needed" as const };
    await emit(tx, { ...ctx, actor: { userId: c.userId, orgId: c.orgId, orgType: c.orgType, role: c.role } }, {
      action: "mfa.enrolment_started",
      outcome: "allowed",
      target: { type: "user", id: c.userId, orgId: c.orgId },
      details: {},
    });
    return { kind: "started" as const, email: c.email, secret: started.secret, uri: totpUri(c.email, started.secret), recoveryCodes: started.recoveryCodes };
  });
}
