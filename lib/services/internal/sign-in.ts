import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, organisations, userMfa, users, type OrganisationType, type Role } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { AuditEvent } from "@/lib/audit/events";
import type { ThrottleConfig } from "@/lib/security/throttle-policy";
import { verifyPassword } from "@/lib/security/passwords";
import type { RequestContext } from "../context";
import { withTx } from "../transaction";
import { clearFailures, giveBack, recordFailure, reserveAttempt, signInKeys, throttleWait, type Reservation, type ThrottleKey, type ThrottleWait } from "./throttle";

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

async function auditThrottled(ctx: RequestContext, email: string, wait: ThrottleWait): Promise<void> {
  await withTx(ctx, (tx) =>
    emit(tx, ctx, {
      action: "auth.sign_in_throttled",
      outcome: "denied",
      details: { email: email.slice(0, 320), scope: wait.key.scope === "account" ? "account" : "address", retryAfterSeconds: wait.retryAfterSeconds },
    }),
  );
}

/**
 * Whether a sign-in may go ahead now, without counting it (the route's check before Auth.js runs): a key
 * backing off or locked refuses it, audited. The attempt itself is admitted by `admitAttempt`.
 */
export async function throttleGate(ctx: RequestContext, email: string): Promise<{ retryAfterSeconds: number }> {
  const wait = await throttleWait(ctx.db, signInKeys(email, ctx.clientIp));
  if (wait) await auditThrottled(ctx, email, wait);
  return { retryAfterSeconds: wait?.retryAfterSeconds ?? 0 };
}

/** What an admitted attempt that failed set: the keys it locked (this failure reaching the lockout) and the longest wait. */
function countedFailure(config: ThrottleConfig, admission: Admission): { lockedOut: { key: ThrottleKey; failures: number }[]; retryAfterSeconds: number } {
  const lockedOut = admission.reserved.filter((r) => r.failures === (r.key.scope === "account" ? config.account : config.address).lockoutAfter);
  return { lockedOut, retryAfterSeconds: Math.max(0, ...admission.reserved.map((r) => r.retryAfterSeconds)) };
}

/** A sign-in attempt let through the throttle: counted on its keys already (`reserveAttempt`). */
export interface Admission {
  keys: ThrottleKey[];
  reserved: Reservation[];
}

/**
 * The throttle gate of a password check that goes ahead: the attempt is counted as a failure on its
 * keys before it is checked (so attempts sent together cannot all be checked), unless a key must wait —
 * then it is refused unchecked, nothing is counted, and the refusal is audited. An attempt that does not
 * fail is given back with `releaseAdmission`.
 */
export async function admitAttempt(ctx: RequestContext, config: ThrottleConfig, email: string): Promise<Admission | { retryAfterSeconds: number }> {
  const keys = signInKeys(email, ctx.clientIp);
  const outcome = await reserveAttempt(ctx.db, config, keys);
  if ("reserved" in outcome) return { keys, reserved: outcome.reserved };
  await auditThrottled(ctx, email, outcome.wait);
  return { retryAfterSeconds: outcome.wait.retryAfterSeconds };
}

/** Gives back an admitted attempt that did not fail; a success also clears its account's count. */
export async function releaseAdmission(db: Executor, config: ThrottleConfig, admission: Admission, outcome: "succeeded" | "not_failed"): Promise<void> {
  const [account, ...addresses] = admission.keys;
  if (outcome === "succeeded") {
    await clearFailures(db, account!);
    await giveBack(db, config, addresses);
  } else {
    await giveBack(db, config, admission.keys);
  }
}

/**
 * Records a failed check on every key of the attempt, and a lockout when this failure caused one. Answers
 * the wait now in force. An admitted attempt was counted already: its reservation is what it set.
 */
export async function failAttempt(
  ctx: RequestContext,
  config: ThrottleConfig,
  keys: ThrottleKey[] | Admission,
  email: string,
  reason: FailureReason,
  candidate: Pick<Candidate, "userId" | "orgId"> | undefined,
): Promise<number> {
  return withTx(ctx, async (tx) => {
    const { lockedOut, retryAfterSeconds } = Array.isArray(keys) ? await recordFailure(tx, config, keys) : countedFailure(config, keys);
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
  admission: Admission,
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
    return { ok: false, retryAfterSeconds: await failAttempt(ctx, config, admission, input.email, failure ?? "no_membership", candidate) };
  }
  return { ok: true, candidate: { ...candidate, orgId: candidate.orgId, role: candidate.role, orgType: candidate.orgType } };
}

