import { sql } from "drizzle-orm";
import { userSessions, type OrganisationType, type Role } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { SignInInput } from "@/lib/schemas/sign-in";
import { throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";
import { RECOVERY_CODE_COUNT } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { checkSecondFactor, mfaRequired } from "./internal/mfa";
import { admitAttempt, checkPassword, failAttempt, releaseAdmission } from "./internal/sign-in";
import { admittedStillStands } from "./internal/credentials";
import { noticeSecurityChange } from "./internal/security-notices";
import { endPasswordOnlySessions } from "./internal/sessions";

export const SESSION_ABSOLUTE_HOURS = 12;

export interface AuthenticatedUser {
  userId: string;
  email: string;
  displayName: string;
  orgId: string;
  orgType: OrganisationType;
  role: Role;
  sessionId: string;
}

/**
 * What a sign-in attempt came to. Only `signed_in` opens a session. `mfa_required` and
 * `mfa_enrolment_required` mean the password was right and a second factor is still missing (not a
 * failure); `throttled` means the attempt was refused unchecked.
 */
export type SignInOutcome =
  | { kind: "signed_in"; user: AuthenticatedUser }
  | { kind: "invalid"; retryAfterSeconds: number }
  | { kind: "mfa_required" }
  | { kind: "mfa_enrolment_required" }
  | { kind: "mfa_invalid"; retryAfterSeconds: number }
  | { kind: "throttled"; retryAfterSeconds: number };

/**
 * Signs in with an email, a password and, where the account needs one, a second factor (a TOTP code
 * or a single-use recovery code). Throttled per account and per client address, each attempt counted
 * before it is checked (`admitAttempt`) and given back if it does not fail; every failure,
 * refusal and success is audited, never with the password or code. A database fault is thrown, not
 * reported as a failed sign-in.
 */
export async function authenticateUser({ ctx, input }: ServiceCall<SignInInput>, config: ThrottleConfig = throttleConfig()): Promise<SignInOutcome> {
  const gate = await admitAttempt(ctx, config, input.email);
  if (!("reserved" in gate)) return { kind: "throttled", retryAfterSeconds: gate.retryAfterSeconds };

  const checked = await checkPassword(ctx, config, gate, input);
  if (!checked.ok) return { kind: "invalid", retryAfterSeconds: checked.retryAfterSeconds };
  const c = checked.candidate;

  let method: "totp" | "recovery_code" | undefined;
  if (mfaRequired(c.role, c.orgType, c.orgRequiresMfa ?? false, c.mfaConfirmed)) {
    if (!input.code) {
      // The password was right: no failure, but no success either (the count of the account stays).
      await releaseAdmission(ctx.db, config, gate, "not_failed");
      return { kind: c.mfaConfirmed ? "mfa_required" : "mfa_enrolment_required" };
    }
    const user = { userId: c.userId, orgId: c.orgId, orgType: c.orgType, role: c.role };
    const second = await withTx(ctx, async (tx) => {
      const result = await checkSecondFactor(tx, c.userId, input.code!);
      if (!result.ok) return result;
      const as = { ...ctx, actor: user };
      if (result.enrolled) {
        await emit(tx, as, { action: "mfa.enrol", outcome: "allowed", target: { type: "user", id: c.userId, orgId: c.orgId }, details: { recoveryCodes: RECOVERY_CODE_COUNT } });
        await noticeSecurityChange(tx, c.userId, "authenticator_enrolled");
        // The session this sign-in opens passed the new authenticator; none opened with the password alone stays.
        await endPasswordOnlySessions(tx, as, user);
      }
      if (result.method === "recovery_code") {
        await emit(tx, as, {
          action: "mfa.recovery_code_used",
          outcome: "allowed",
          target: { type: "user", id: c.userId, orgId: c.orgId },
          details: { remaining: result.remainingRecoveryCodes ?? 0 },
        });
      }
      return result;
    });
    if (!second.ok) {
      // A pending enrolment with a wrong code is still "enrol first"; the failure counts either way.
      const retryAfterSeconds = await failAttempt(ctx, config, gate, input.email, "bad_mfa_code", c);
      return { kind: "mfa_invalid", retryAfterSeconds };
    }
    method = second.method;
  }

  const user = { userId: c.userId, orgId: c.orgId, orgType: c.orgType, role: c.role };
  const signedIn = await withTx(ctx, async (tx): Promise<SignInOutcome | null> => {
    // A reset, a password change or a disabling that committed since the password was checked leaves
    // nothing to open (admittedStillStands: one running now either waits for this session or ends it).
    if (!(await admittedStillStands(tx, { userId: c.userId, passwordHash: c.passwordHash }))) return null;
    await releaseAdmission(tx, config, gate, "succeeded");
    const [session] = await tx
      .insert(userSessions)
      .values({
        userId: user.userId,
        expiresAt: sql`now() + make_interval(hours => ${SESSION_ABSOLUTE_HOURS})`,
        clientIp: ctx.clientIp ?? null,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
        mfa: method !== undefined,
      })
      .returning({ id: userSessions.id });
    const sessionId = session!.id;
    await emit(tx, { ...ctx, actor: { ...user, sessionId } }, {
      action: "auth.sign_in",
      outcome: "allowed",
      target: { type: "user", id: user.userId, orgId: user.orgId },
      details: { sessionId, ...(method ? { mfa: method } : {}) },
    });
    return { kind: "signed_in", user: { ...user, email: c.email, displayName: c.displayName, sessionId } };
  });
  // The password given is no longer the account's: a failed attempt like any other.
  return signedIn ?? { kind: "invalid", retryAfterSeconds: await failAttempt(ctx, config, gate, input.email, "bad_password", c) };
}
