import { eq, sql } from "drizzle-orm";
import { memberships, organisations, userMfa, users, type OrganisationType, type Role } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { AuditEvent } from "@/lib/audit/events";
import type { ThrottleConfig } from "@/lib/security/throttle-policy";
import { verifyPassword } from "@/lib/security/passwords";
import type { RequestContext } from "../context";
import { withTx } from "../transaction";
import { recordFailure, signInKeys, throttleWait, type ThrottleKey } from "./throttle";

// The steps every password check shares: sign-in, and the authenticator enrolment a sign-in may lead to.

// `bad_current_password`: a signed-in user's wrong current password when changing it (the same secret, so the same count).
export type FailureReason = "unknown_user" | "bad_password" | "disabled" | "no_membership" | "bad_mfa_code" | "bad_current_password";

export interface Candidate {
  userId: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  disabledAt: Date | null;
  orgId: string | null;
  role: Role | null;
  orgType: OrganisationType | null;
  orgRequiresMfa: boolean | null;
  mfaConfirmed: boolean;
}

export async function findCandidate(ctx: RequestContext, email: string): Promise<Candidate | undefined> {
  const [row] = await ctx.db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      disabledAt: users.disabledAt,
      orgId: memberships.organisationId,
      role: memberships.role,
      orgType: organisations.type,
      orgRequiresMfa: organisations.mfaRequired,
      mfaConfirmed: sql<boolean>`${userMfa.confirmedAt} is not null`,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return row;
}

/**
 * The throttle gate of every password check: a key backing off or locked refuses the attempt
 * unchecked, and the refusal is audited.
 */
export async function throttleGate(ctx: RequestContext, config: ThrottleConfig, email: string): Promise<{ keys: ThrottleKey[]; retryAfterSeconds: number }> {
  const keys = signInKeys(email, ctx.clientIp);
  const wait = await throttleWait(ctx.db, config, keys);
  if (wait) {
    await withTx(ctx, (tx) =>
      emit(tx, ctx, {
        action: "auth.sign_in_throttled",
        outcome: "denied",
        details: { email: email.slice(0, 320), scope: wait.key.scope === "account" ? "account" : "address", retryAfterSeconds: wait.retryAfterSeconds },
      }),
    );
  }
  return { keys, retryAfterSeconds: wait?.retryAfterSeconds ?? 0 };
}

/** Records a failed check on every key of the attempt, and a lockout when this failure caused one. Answers the wait now in force. */
export async function failAttempt(
  ctx: RequestContext,
  config: ThrottleConfig,
  keys: ThrottleKey[],
  email: string,
  reason: FailureReason,
  candidate: Pick<Candidate, "userId" | "orgId"> | undefined,
): Promise<number> {
  return withTx(ctx, async (tx) => {
    const { lockedOut, retryAfterSeconds } = await recordFailure(tx, config, keys);
    const target = candidate ? { type: "user", id: candidate.userId, orgId: candidate.orgId } : undefined;
    const events: AuditEvent[] = [
      { action: "auth.sign_in_failed", outcome: "denied", target, details: { email: email.slice(0, 320), reason } },
      ...lockedOut.map(({ key, failures }): AuditEvent => ({
        action: "auth.locked_out",
        outcome: "denied",
        target: key.scope === "account" ? target : undefined,
        details: { scope: key.scope, subject: key.subject, failures, minutes: config[key.scope === "account" ? "account" : "address"].lockoutMinutes },
      })),
    ];
    for (const event of events) await emit(tx, ctx, event);
    return retryAfterSeconds;
  });
}

/** The password check shared by sign-in and the enrolment it may lead to. */
export async function checkPassword(
  ctx: RequestContext,
  config: ThrottleConfig,
  keys: ThrottleKey[],
  input: { email: string; password: string },
): Promise<{ ok: true; candidate: Candidate & { orgId: string; role: Role; orgType: OrganisationType } } | { ok: false; retryAfterSeconds: number }> {
  const candidate = await findCandidate(ctx, input.email);
  const passwordOk = await verifyPassword(candidate?.passwordHash ?? null, input.password);
  const failure: FailureReason | null = !candidate
    ? "unknown_user"
    : !passwordOk
      ? "bad_password"
      : candidate.disabledAt
        ? "disabled"
        : !candidate.orgId || !candidate.role || !candidate.orgType
          ? "no_membership"
          : null;
  if (failure || !candidate?.orgId || !candidate.role || !candidate.orgType) {
    return { ok: false, retryAfterSeconds: await failAttempt(ctx, config, keys, input.email, failure ?? "no_membership", candidate) };
  }
  return { ok: true, candidate: { ...candidate, orgId: candidate.orgId, role: candidate.role, orgType: candidate.orgType } };
}

