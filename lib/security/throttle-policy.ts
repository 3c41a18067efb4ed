import { z } from "zod";

// Sign-in and API-token throttling. Each key (an account, a client address) counts its failures.
// The first `backoffAfter` failures cost nothing; after that each failure doubles the wait before the
// next attempt (1 s, 2 s, 4 s …); at `lockoutAfter` failures the key is locked for `lockoutMinutes`.
// A quiet spell of `lockoutMinutes` (or the end of a lockout) starts the count again; a successful
// sign-in clears its account's count, never an address's (one good account must not reset a spray).

export interface ThrottleRule {
  backoffAfter: number;
  lockoutAfter: number;
  lockoutMinutes: number;
}

export interface ThrottleConfig {
  account: ThrottleRule;
  address: ThrottleRule;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
}

/** The failures that still count at `now`: none once the quiet spell has passed. */
export function liveFailures(rule: ThrottleRule, state: ThrottleState | null, now: Date): number {
  if (!state) return 0;
  return now.getTime() - state.lastFailureAt.getTime() >= rule.lockoutMinutes * 60_000 ? 0 : state.failures;
}

/** How long after the last of `failures` failures the next attempt must wait, in milliseconds. */
export function waitAfter(rule: ThrottleRule, failures: number): number {
  if (failures >= rule.lockoutAfter) return rule.lockoutMinutes * 60_000;
  if (failures < rule.backoffAfter) return 0;
  return Math.min(2 ** (failures - rule.backoffAfter) * 1000, rule.lockoutMinutes * 60_000);
}

/** Whole seconds until the key may try again (0: it may now). */
export function retryAfterSeconds(rule: ThrottleRule, state: ThrottleState | null, now: Date): number {
  const failures = liveFailures(rule, state, now);
  if (!state || failures === 0) return 0;
  const until = state.lastFailureAt.getTime() + waitAfter(rule, failures);
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

export function isLockout(rule: ThrottleRule, failures: number): boolean {
  return failures >= rule.lockoutAfter;
}

export class ThrottleConfigError extends Error {
  override readonly name = "ThrottleConfigError";
}

const count = (fallback: number | undefined, max: number) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? (fallback === undefined ? undefined : String(fallback)) : value),
    z
      .string()
      .regex(/^\s*\d+\s*$/, `must be a whole number from 1 to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(1, `must be a whole number from 1 to ${max}`).max(max, `must be a whole number from 1 to ${max}`))
      .optional(),
  );

const envSchema = z.object({
  THROTTLE_BACKOFF_AFTER: count(5, 1000),
  THROTTLE_LOCKOUT_AFTER: count(10, 1000),
  THROTTLE_LOCKOUT_MINUTES: count(15, 1440),
  THROTTLE_ADDRESS_BACKOFF_AFTER: count(undefined, 100_000),
  THROTTLE_ADDRESS_LOCKOUT_AFTER: count(undefined, 100_000),
});

/** The rules from the environment (the README lists the variables); a bad value is refused with its name. */
export function parseThrottleConfig(env: Record<string, string | undefined>): ThrottleConfig {
  const parsed = envSchema.safeParse({
    THROTTLE_BACKOFF_AFTER: env.THROTTLE_BACKOFF_AFTER,
    THROTTLE_LOCKOUT_AFTER: env.THROTTLE_LOCKOUT_AFTER,
    THROTTLE_LOCKOUT_MINUTES: env.THROTTLE_LOCKOUT_MINUTES,
    THROTTLE_ADDRESS_BACKOFF_AFTER: env.THROTTLE_ADDRESS_BACKOFF_AFTER,
    THROTTLE_ADDRESS_LOCKOUT_AFTER: env.THROTTLE_ADDRESS_LOCKOUT_AFTER,
  });
  if (!parsed.success) {
    throw new ThrottleConfigError(parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join("; "));
  }
  const v = parsed.data;
  const account = { backoffAfter: v.THROTTLE_BACKOFF_AFTER!, lockoutAfter: v.THROTTLE_LOCKOUT_AFTER!, lockoutMinutes: v.THROTTLE_LOCKOUT_MINUTES! };
  const address = {
    backoffAfter: v.THROTTLE_ADDRESS_BACKOFF_AFTER ?? account.backoffAfter,
    lockoutAfter: v.THROTTLE_ADDRESS_LOCKOUT_AFTER ?? account.lockoutAfter,
    lockoutMinutes: account.lockoutMinutes,
  };
  for (const [name, rule] of [["THROTTLE", account], ["THROTTLE_ADDRESS", address]] as const) {
    if (rule.backoffAfter > rule.lockoutAfter) throw new ThrottleConfigError(`${name}_BACKOFF_AFTER must not exceed ${name}_LOCKOUT_AFTER`);
  }
  return { account, address };
}

let cached: ThrottleConfig | undefined;
export function throttleConfig(): ThrottleConfig {
  return (cached ??= parseThrottleConfig(process.env));
}
