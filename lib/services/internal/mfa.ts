import { and, count, eq, isNull, or, sql, lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { MFA_ROLES } from "@/lib/authz/policy";
import { mfaRecoveryCodes, userMfa, type OrganisationType, type Role } from "@/db/schema";
import { openSecret, sealSecret } from "@/lib/security/secret-box";
import { RECOVERY_CODE_PATTERN } from "@/lib/schemas/sign-in";
import { checkTotpCode, hashRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryCodeMatches } from "@/lib/security/totp";

/** Whether a sign-in needs a second factor: by role, by the company's rule, or because the user enrolled one. */
export function mfaRequired(role: Role, orgType: OrganisationType, orgRequiresMfa: boolean, enrolled: boolean): boolean {
  return enrolled || MFA_ROLES.includes(role) || (orgType === "company" && orgRequiresMfa);
}

/** Starts (or restarts) an enrolment: a new secret and new recovery codes, unusable until confirmed. Never replaces a confirmed authenticator. */
export async function beginEnrolment(tx: Executor, userId: string): Promise<{ secret: string; recoveryCodes: string[] } | null> {
  const secret = newTotpSecret();
  const stored = await tx
    .insert(userMfa)
    .values({ userId, secretCiphertext: sealSecret(secret) })
    .onConflictDoUpdate({
      target: userMfa.userId,
      set: { secretCiphertext: sealSecret(secret), lastTimeStep: null, createdAt: sql`now()` },
      setWhere: isNull(userMfa.confirmedAt),
    })
    .returning({ userId: userMfa.userId });
  if (stored.length === 0) return null;
  const recoveryCodes = await replaceRecoveryCodes(tx, userId);
  return { secret, recoveryCodes };
}

/**
 * A new set of recovery codes in place of the old. The authenticator's row is locked first: a second
 * replacement at the same moment would otherwise wait on the rows the first deletes, find none of the
 * first's new ones to delete, and leave both sets working.
 */
export async function replaceRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  await tx.select({ userId: userMfa.userId }).from(userMfa).where(eq(userMfa.userId, userId)).for("update");
  const codes = newRecoveryCodes();
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx.insert(mfaRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

export type SecondFactorResult = { ok: true; method: "totp" | "recovery_code"; enrolled: boolean; remainingRecoveryCodes?: number } | { ok: false };

/**
 * Checks a TOTP or recovery code for a user. A pending enrolment is confirmed by its first good TOTP
 * code (never by a recovery code). The accepted step and a used recovery code are written
 * conditionally, so two requests racing with one code cannot both pass.
 */
export async function checkSecondFactor(tx: Executor, userId: string, code: string): Promise<SecondFactorResult> {
  const [mfa] = await tx.select().from(userMfa).where(eq(userMfa.userId, userId));
  if (!mfa) return { ok: false };
  const normalised = code.trim();
  if (RECOVERY_CODE_PATTERN.test(normalised)) {
    if (!mfa.confirmedAt) return { ok: false };
    // Each digest has its own salt, so the code is tried against the user's unused ones (ten at most).
    const unused = await tx
      .select({ id: mfaRecoveryCodes.id, codeHash: mfaRecoveryCodes.codeHash })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
    const match = unused.find((c) => recoveryCodeMatches(c.codeHash, normalised));
    if (!match) return { ok: false };
    const used = await tx
      .update(mfaRecoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(and(eq(mfaRecoveryCodes.id, match.id), isNull(mfaRecoveryCodes.usedAt)))
      .returning({ id: mfaRecoveryCodes.id });
    if (used.length === 0) return { ok: false };
    const [left] = await tx
      .select({ n: count() })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
    return { ok: true, method: "recovery_code", enrolled: false, remainingRecoveryCodes: Number(left?.n ?? 0) };
  }
  const secret = openSecret(mfa.secretCiphertext);
  if (!secret) {
    console.error(`the TOTP secret of user ${userId} cannot be opened: was MFA_ENCRYPTION_KEY or AUTH_SECRET changed?`);
    return { ok: false };
  }
  const step = await checkTotpCode(secret, normalised, mfa.lastTimeStep);
  if (step === null) return { ok: false };
  const accepted = await tx
    .update(userMfa)
    .set({ lastTimeStep: step, confirmedAt: mfa.confirmedAt ?? sql`now()` })
    .where(and(eq(userMfa.userId, userId), or(isNull(userMfa.lastTimeStep), lt(userMfa.lastTimeStep, step))))
    .returning({ userId: userMfa.userId });
  if (accepted.length === 0) return { ok: false };
  return { ok: true, method: "totp", enrolled: !mfa.confirmedAt };
}

export async function removeAuthenticator(tx: Executor, userId: string): Promise<boolean> {
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  const removed = await tx.delete(userMfa).where(eq(userMfa.userId, userId)).returning({ userId: userMfa.userId });
  return removed.length > 0;
}

/** When the user's authenticator was confirmed (null when none is), and how many of its recovery codes are unused. */
export async function secondFactorOf(db: Executor, userId: string): Promise<{ enrolledAt: Date | null; recoveryCodesLeft: number }> {
  const [mfa] = await db.select({ confirmedAt: userMfa.confirmedAt }).from(userMfa).where(eq(userMfa.userId, userId));
  const enrolledAt = mfa?.confirmedAt ?? null;
  if (!enrolledAt) return { enrolledAt, recoveryCodesLeft: 0 };
  const [codes] = await db.select({ n: count() }).from(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return { enrolledAt, recoveryCodesLeft: Number(codes?.n ?? 0) };
}
