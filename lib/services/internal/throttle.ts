import { isIP } from "node:net";
import { inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { authThrottles } from "@/db/schema";
import { isLockout, liveFailures, waitAfter, type ThrottleConfig, type ThrottleRule } from "@/lib/security/throttle-policy";

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

/**
 * What a client address is counted as: an IPv4 address as it is (an IPv4-mapped IPv6 address as that IPv4
 * address), an IPv6 address as its /64 — one subscriber's network holds 2^64 addresses, each of which
 * would otherwise start a count of its own. The audit log keeps the whole address.
 */
export function addressSubject(clientIp: string): string {
  const ip = clientIp.split("%")[0]!.toLowerCase();
  if (isIP(ip) !== 6) return ip;
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : 8 - left.length - right.length).fill("0"), ...right].map((g) => parseInt(g, 16));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** The keys of a sign-in attempt: its account, and its client address (its /64 for IPv6) when known. */
export function signInKeys(email: string, clientIp: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ scope: "account", subject: email.trim().toLowerCase().slice(0, 320) }];
  if (clientIp) keys.push({ scope: "address", subject: addressSubject(clientIp) });
  return keys;
}

async function databaseNow(db: Executor): Promise<Date> {
  const [row] = rowsOf<{ now: string | Date }>(await db.execute(sql`select now() as now`));
  return new Date(row!.now);
}

export type ThrottleWait = { key: ThrottleKey; retryAfterSeconds: number };

/** The key that must wait longest before its next attempt, or null when every key may try now. */
export async function throttleWait(db: Executor, keys: ThrottleKey[]): Promise<ThrottleWait | null> {
  if (keys.length === 0) return null;
  const rows = await db.select().from(authThrottles).where(inArray(authThrottles.key, keys.map(keyText)));
  // The common case, nothing counted against any key, costs one query.
  if (rows.length === 0) return null;
  const now = await databaseNow(db);
  let worst: ThrottleWait | null = null;
  for (const key of keys) {
    // The wait each failure sets is kept as blocked_until (lifted when an attempt is given back).
    const blockedUntil = rows.find((r) => r.key === keyText(key))?.blockedUntil;
    const wait = blockedUntil ? Math.max(0, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000)) : 0;
    if (wait > 0 && (!worst || wait > worst.retryAfterSeconds)) worst = { key, retryAfterSeconds: wait };
  }
  return worst;
}

/** One attempt counted on one key before it was checked: the key's failures with it, and the wait it set. */
export interface Reservation {
  key: ThrottleKey;
  failures: number;
  retryAfterSeconds: number;
}

class AttemptRefused extends Error {
  constructor(readonly wait: ThrottleWait) {
    super("throttled");
  }
}

/** The wait that `failures` failures set from now (waitAfter, in SQL), or null for none. */
function blockedAfter(rule: ThrottleRule, failures: SQL): SQL {
  return sql`(case when ${failures} >= ${rule.lockoutAfter}::int then now() + make_interval(mins => ${rule.lockoutMinutes}::int)
    when ${failures} < ${rule.backoffAfter}::int then null
    else now() + make_interval(secs => least(power(2, ${failures} - ${rule.backoffAfter}::int), ${rule.lockoutMinutes * 60}::int)) end)`;
}

/**
 * Counts an attempt as a failure on every key *before* it is checked, each key in one statement that
 * counts only while the key may try: attempts sent together are admitted one count at a time, so no more
 * of them are checked than the rules allow (checking first and counting after let a burst through whole,
 * all read before any was counted). A key that must wait refuses the attempt, and then nothing is counted
 * on any key. An attempt that turns out not to fail is given back (`giveBack`); a failure stays counted.
 */
export async function reserveAttempt(db: Executor, config: ThrottleConfig, keys: ThrottleKey[]): Promise<{ reserved: Reservation[] } | { wait: ThrottleWait }> {
  try {
    const reserved = await db.transaction(async (tx) => {
      const counted: Reservation[] = [];
      for (const key of keys) {
        const rule = ruleFor(config, key.scope);
        const failures = sql`(case when t.last_failure_at <= now() - make_interval(mins => ${rule.lockoutMinutes}::int) then 1 else t.failures + 1 end)`;
        const [row] = rowsOf<{ failures: number; wait: number }>(
          await tx.execute(sql`insert into ${authThrottles} as t (key, failures, last_failure_at, blocked_until)
            values (${keyText(key)}, 1, now(), ${blockedAfter(rule, sql`1`)})
            on conflict (key) do update set failures = ${failures}, last_failure_at = now(), blocked_until = ${blockedAfter(rule, failures)}
            where t.blocked_until is null or t.blocked_until <= now()
            returning t.failures, greatest(0, ceil(extract(epoch from t.blocked_until - now())))::int as wait`),
        );
        if (!row) {
          const [blocked] = rowsOf<{ wait: number }>(
            await tx.execute(sql`select greatest(1, ceil(extract(epoch from blocked_until - now())))::int as wait from ${authThrottles} where key = ${keyText(key)}`),
          );
          throw new AttemptRefused({ key, retryAfterSeconds: Number(blocked?.wait ?? 1) });
        }
        counted.push({ key, failures: Number(row.failures), retryAfterSeconds: Number(row.wait) });
      }
      return counted;
    });
    return { reserved };
  } catch (error) {
    if (error instanceof AttemptRefused) return { wait: error.wait };
    throw error;
  }
}

/**
 * Takes back an attempt counted by `reserveAttempt` that did not fail (a success, a password right but a
 * second factor still to come): one failure fewer, and the back-off it set lifted (a lockout stays).
 */
export async function giveBack(db: Executor, config: ThrottleConfig, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    const rule = ruleFor(config, key.scope);
    // A key left with no failure goes, as if the attempt had never been counted.
    await db.execute(sql`delete from ${authThrottles} where key = ${keyText(key)} and failures <= 1`);
    await db.execute(sql`update ${authThrottles} set failures = failures - 1,
      blocked_until = case when failures - 1 >= ${rule.lockoutAfter}::int then blocked_until end
      where key = ${keyText(key)}`);
  }
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
