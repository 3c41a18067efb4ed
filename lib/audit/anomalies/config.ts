import { z } from "zod";
import type { AnomalyThresholds } from "@/lib/schemas/anomaly-query";

// The thresholds of the anomaly rules, from the environment. An unset or empty variable takes its
// default; a bad one is refused with its name, so an operator sees what to fix.

export type AnomalyConfig = AnomalyThresholds;

export class AnomalyConfigError extends Error {
  override readonly name = "AnomalyConfigError";
}

const count = (fallback: number, max: number) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? String(fallback) : value),
    z
      .string()
      .regex(/^\s*\d+\s*$/, `must be a whole number from 1 to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(1, `must be a whole number from 1 to ${max}`).max(max, `must be a whole number from 1 to ${max}`)),
  );

const OFFICE_HOURS = /^\s*(\d{1,2})(?::00)?\s*-\s*(\d{1,2})(?::00)?\s*$/;
const officeHoursMessage = "must be two hours HH-HH, start before end, from 00 to 24 (such as 08-19)";

const officeHours = z.preprocess(
  (value) => (value === undefined || value === "" ? "08-19" : value),
  z.string().transform((value, ctx) => {
    const m = OFFICE_HOURS.exec(value);
    const [start, end] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(start >= 0 && end <= 24 && start < end)) {
      ctx.addIssue({ code: "custom", message: officeHoursMessage });
      return z.NEVER;
    }
    return { start, end };
  }),
);

/** Every variable, its default and what it means (the README lists the same). */
export const anomalyEnvSchema = z.object({
  /** More reads of confidential content than this by one user within any sixty minutes. */
  ANOMALY_READS_PER_HOUR: count(50, 1_000_000),
  /** This many denials or more by one actor (or client address) … */
  ANOMALY_DENIALS: count(10, 1_000_000),
  /** … within this many minutes. */
  ANOMALY_DENIAL_MINUTES: count(10, 1440),
  /** This many failed sign-ins or more for one email or one client address … */
  ANOMALY_SIGNIN_FAILURES: count(5, 1_000_000),
  /** … within this many minutes. */
  ANOMALY_SIGNIN_MINUTES: count(15, 1440),
  /** Weekday office hours in Asia/Tokyo: start hour included, end hour excluded. */
  ANOMALY_OFFICE_HOURS: officeHours,
});

/** The thresholds from `env`, or an AnomalyConfigError naming every bad variable. */
export function parseAnomalyConfig(env: Record<string, string | undefined>): AnomalyConfig {
  const parsed = anomalyEnvSchema.safeParse({
    ANOMALY_READS_PER_HOUR: env.ANOMALY_READS_PER_HOUR,
    ANOMALY_DENIALS: env.ANOMALY_DENIALS,
    ANOMALY_DENIAL_MINUTES: env.ANOMALY_DENIAL_MINUTES,
    ANOMALY_SIGNIN_FAILURES: env.ANOMALY_SIGNIN_FAILURES,
    ANOMALY_SIGNIN_MINUTES: env.ANOMALY_SIGNIN_MINUTES,
    ANOMALY_OFFICE_HOURS: env.ANOMALY_OFFICE_HOURS,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "ANOMALY_*");
      return `${name} ${issue.message} (got ${JSON.stringify(env[name] ?? "")})`;
    });
    throw new AnomalyConfigError(`Invalid anomaly configuration: ${problems.join("; ")}.`);
  }
  const e = parsed.data;
  return {
    readsPerHour: e.ANOMALY_READS_PER_HOUR,
    denials: e.ANOMALY_DENIALS,
    denialMinutes: e.ANOMALY_DENIAL_MINUTES,
    signInFailures: e.ANOMALY_SIGNIN_FAILURES,
    signInMinutes: e.ANOMALY_SIGNIN_MINUTES,
    officeHours: e.ANOMALY_OFFICE_HOURS,
  };
}

let cached: AnomalyConfig | undefined;

/** The process's thresholds, parsed once. */
export function anomalyConfig(): AnomalyConfig {
  cached ??= parseAnomalyConfig(process.env);
  return cached;
}

/** How far back each alert pass looks for flags: a flag raised while no server ran is still alerted within this. */
export const ANOMALY_ALERT_LOOKBACK_HOURS = 24;

/**
 * The alert pass's periods a schedule can keep exactly: the minutes that divide an hour, and the hours that
 * divide a day (the job queue runs it by a cron expression, on the clock: every 10 minutes is at :00, :10…).
 */
export const ANOMALY_ALERT_PERIODS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440] as const;

/**
 * ANOMALY_ALERT_MINUTES: how often the auditors are mailed the new high-severity flags (10 when unset;
 * 0 turns the alerts off), one of ANOMALY_ALERT_PERIODS, or an AnomalyConfigError naming the variable.
 */
export function anomalyAlertMinutes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ANOMALY_ALERT_MINUTES;
  if (raw === undefined || raw.trim() === "") return 10;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (value !== 0 && !(ANOMALY_ALERT_PERIODS as readonly number[]).includes(value)) {
    throw new AnomalyConfigError(
      `Invalid anomaly configuration: ANOMALY_ALERT_MINUTES must be 0 (off) or one of ${ANOMALY_ALERT_PERIODS.join(", ")}: minutes that divide an hour, or hours that divide a day (got ${JSON.stringify(raw)}).`,
    );
  }
  return value;
}
