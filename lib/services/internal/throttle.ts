import { inArray, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { authThrottles } from "@/db/schema";
import { isLockout, liveFailures, retryAfterSeconds, waitAfter, type ThrottleConfig, type ThrottleRule } from "@/lib/security/throttle-policy";

// `reset_address`: "forgot password" requests from one client address — every request counts, since the
// answer never says which of them named an account.
export type ThrottleScope = "account" | "address" | "token_address" | "reset_address";

export interface ThrottleKey {
  scope: ThrottleScope;
  /** The email (lower case) or client address the key counts for. */
  subject: string;
}

export const keyText = (key: ThrottleKey) => `${key.scope}:${key.subject}`;
const ruleFor = (config: ThrottleConfig, scope: ThrottleScope): ThrottleRule => (scope === "account" ? config.account : config.address);

/** The keys of a sign-in attempt: its account, and its client address when known. */
export function signInKeys(email: string, clientIp: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ scope: "account", subject: email.trim().toLowerCase().slice(0, 320) }];
  if (clientIp) keys.push({ scope: "address", subject: clientIp });
  return keys;
}

async function databaseNow(db: Executor): Promise<Date> {
  const [row] = rowsOf<{ now: string | Date }>(await db.execute(sql`select now() as now`));
  return new Date(row!.now);
}

/** The key that must wait longest before its next attempt, or null when every key may try now. */
export async function throttleWait(db: Executor, config: ThrottleConfig, keys: ThrottleKey[]): Promise<{ key: ThrottleKey; retryAfterSeconds: number } | null> {
  if (keys.length === 0) return null;
  const rows = await db.select().from(authThrottles).where(inArray(authThrottles.key, keys.map(keyText)));
  // The common case, nothing counted against any key, costs one query.
  if (rows.length === 0) return null;
  const now = await databaseNow(db);
  let worst: { key: ThrottleKey; retryAfterSeconds: number } | null = null;
  for (const key of keys) {
    const row = rows.find((r) => r.key === keyText(key));
    const wait = retryAfterSeconds(ruleFor(config, key.scope), row ?? null, now);
    if (wait > 0 && (!worst || wait > worst.retryAfterSeconds)) worst = { key, retryAfterSeconds: wait };
  }
  return worst;
}

/**
 * Counts one failure on each key (atomically: concurrent failures all count). Answers the keys this
 * failure locked, and the longest wait now in force.
 */
export async function recordFailure(
  db: Executor,
  config: ThrottleConfig,
  keys: ThrottleKey[],
): Promise<{ lockedOut: { key: ThrottleKey; failures: number }[]; retryAfterSeconds: number }> {
  const lockedOut: { key: ThrottleKey; failures: number }[] = [];
  let longest = 0;
  for (const key of keys) {
    const rule = ruleFor(config, key.scope);
    const quiet = sql`make_interval(mins => ${rule.lockoutMinutes})`;
    const [row] = await db
      .insert(authThrottles)
      .values({ key: keyText(key), failures: 1, lastFailureAt: sql`now()` })
      .onConflictDoUpdate({
        target: authThrottles.key,
        set: {
          failures: sql`case when ${authThrottles.lastFailureAt} <= now() - ${quiet} then 1 else ${authThrottles.failures} + 1 end`,
          lastFailureAt: sql`now()`,
        },
      })
      .returning({ failures: authThrottles.failures, lastFailureAt: authThrottles.lastFailureAt });
    const failures = liveFailures(rule, row!, row!.lastFailureAt);
    const waitMs = waitAfter(rule, failures);
    await db
      .update(authThrottles)
      .set({ blockedUntil: waitMs > 0 ? sql`now() + make_interval(secs => ${waitMs / 1000})` : null })
      .where(sql`${authThrottles.key} = ${keyText(key)}`);
    if (isLockout(rule, failures) && failures === rule.lockoutAfter) lockedOut.push({ key, failures });
    longest = Math.max(longest, Math.ceil(waitMs / 1000));
  }
  return { lockedOut, retryAfterSeconds: longest };
}

/** The key that counts failed sign-ins for an account (its address keys belong to no one user). */
export const accountThrottleKey = (email: string) => keyText(signInKeys(email, undefined)[0]!);

/**
 * Lifts an account's sign-in back-off or lockout: its failure count starts again from nothing. The
 * addresses that failed stay counted. Answers what was lifted, or null when nothing was counted.
 */
export async function liftAccountLock(db: Executor, email: string): Promise<{ failures: number; wasBlocked: boolean } | null> {
  const [lifted] = await db.delete(authThrottles).where(sql`${authThrottles.key} = ${accountThrottleKey(email)}`).returning();
  if (!lifted) return null;
  return { failures: lifted.failures, wasBlocked: lifted.blockedUntil !== null && lifted.blockedUntil > new Date() };
}

/** A successful sign-in clears its account's count. */
export async function clearFailures(db: Executor, key: ThrottleKey): Promise<void> {
  await db.delete(authThrottles).where(sql`${authThrottles.key} = ${keyText(key)}`);
}
