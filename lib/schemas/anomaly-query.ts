import "./jitless";
import { z } from "zod";
import { AUDIT_SEARCH_TIME_ZONE, blankIsAbsent, dateTime, epochMicros, normaliseDateTime, unknownField } from "./audit-search";

// The time range of the anomaly report (query string, console form, API) and the report itself.

export const ANOMALY_DEFAULT_DAYS = 7;
export const ANOMALY_MAX_DAYS = 31;
const DAY_MICROS = 86_400_000_000n;

/** The first instant of year 1: PostgreSQL has no year 0, so no range starts before it. */
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00Z");

/** A normalised date-time `days` before another one, as UTC, or the first instant of year 1 if that is later. */
function daysBefore(normalised: string, days: number): string {
  return new Date(Math.max(Date.parse(normalised) - days * 86_400_000, FIRST_INSTANT)).toISOString();
}

/** How far a report over a time range reaches back by default, how long a range may be, and the message when it is longer. */
export interface RangeLimits {
  defaultDays: number;
  maxDays: number;
  tooLong: string;
}

/** `from` and `to` of a report over a time range, both optional (query string, console form, API). */
export function reportRangeShape({ defaultDays, maxDays }: RangeLimits) {
  return {
    from: z
      .preprocess(blankIsAbsent, dateTime.optional())
      .meta({ description: `Start of the range, ISO 8601 (${AUDIT_SEARCH_TIME_ZONE} time when it has no offset); default: ${defaultDays} days before \`to\`.` }),
    to: z.preprocess(blankIsAbsent, dateTime.optional()).meta({ description: `End of the range, included; default: now. At most ${maxDays} days after \`from\`.` }),
  };
}

/**
 * The range with its defaults: `to` is now and `from` `defaultDays` before `to`. It must not be reversed
 * and may span `maxDays` at most (a larger one is a report nobody reads, and a scan nobody should start
 * from a browser); the issue goes to a field the caller gave, `to` when there is one.
 */
export function boundedRange(value: { from?: string; to?: string }, ctx: z.RefinementCtx, { defaultDays, maxDays, tooLong }: RangeLimits): { from: string; to: string } {
  const to = value.to ?? new Date().toISOString();
  const from = value.from ?? daysBefore(to, defaultDays);
  const [start, end] = [epochMicros(normaliseDateTime(from) ?? ""), epochMicros(normaliseDateTime(to) ?? "")];
  if (start === null || end === null) return { from, to };
  const path = [value.to || !value.from ? "to" : "from"];
  if (start > end) ctx.addIssue({ code: "custom", path, message: "validation.dateRange" });
  else if (end - start > BigInt(maxDays) * DAY_MICROS) ctx.addIssue({ code: "custom", path, message: tooLong });
  return { from, to };
}

const anomalyRange: RangeLimits = { defaultDays: ANOMALY_DEFAULT_DAYS, maxDays: ANOMALY_MAX_DAYS, tooLong: "anomalies.rangeTooLong" };

/** The anomaly report's range: seven days before `to` unless given, 31 days at most. */
export const anomalyQuerySchema = z
  .strictObject(reportRangeShape(anomalyRange), unknownField)
  .transform((value, ctx) => boundedRange(value, ctx, anomalyRange))
  .meta({ id: "AnomalyQuery", description: "The time range to look for anomalies in." });

export type AnomalyRange = z.output<typeof anomalyQuerySchema>;

export const anomalyRules = ["unusual_volume", "outside_assignment", "break_glass", "denial_burst", "sign_in_failures", "admin_out_of_hours"] as const;
export type AnomalyRule = (typeof anomalyRules)[number];

export const anomalySeverities = ["low", "medium", "high"] as const;
export type AnomalySeverity = (typeof anomalySeverities)[number];

export const anomalyFlagSchema = z
  .object({
    rule: z.enum(anomalyRules),
    severity: z.enum(anomalySeverities),
    actorUserId: z.uuid().nullable().meta({ description: "The user whose events raised the flag, when there is one." }),
    actorEmail: z.string().nullable(),
    orgId: z.uuid().nullable().meta({ description: "The actor's organisation, when there is one." }),
    clientIp: z.string().nullable().meta({ description: "The client address, when the flag is about one (anonymous callers)." }),
    attemptedEmail: z.string().nullable().meta({ description: "The email a failed sign-in was attempted with, when the flag is about one." }),
    action: z.string().nullable().meta({ description: "The action, when every event of the flag has the same one." }),
    windowStart: z.string().meta({ description: "UTC, to the microsecond; the first instant the flag covers." }),
    windowEnd: z.string().meta({ description: "UTC, to the microsecond; the last instant the flag covers (included)." }),
    count: z.number().int().positive().meta({ description: "How many events raised the flag." }),
    summary: z.string().meta({ description: "One line in English." }),
    eventsLink: z.string().meta({ description: "The auditor console's search for the flag's events (a relative URL)." }),
  })
  .meta({ id: "AnomalyFlag", description: "Events that a rule found unusual." });

export type AnomalyFlag = z.infer<typeof anomalyFlagSchema>;

export const anomalyThresholdsSchema = z
  .object({
    readsPerHour: z.number().int().meta({ description: "ANOMALY_READS_PER_HOUR: more reads than this by one user within any sixty minutes." }),
    denials: z.number().int().meta({ description: "ANOMALY_DENIALS: this many denials or more…" }),
    denialMinutes: z.number().int().meta({ description: "ANOMALY_DENIAL_MINUTES: …within this many minutes." }),
    signInFailures: z.number().int().meta({ description: "ANOMALY_SIGNIN_FAILURES: this many failed sign-ins or more…" }),
    signInMinutes: z.number().int().meta({ description: "ANOMALY_SIGNIN_MINUTES: …within this many minutes." }),
    officeHours: z.object({ start: z.number().int(), end: z.number().int() }).meta({ description: "ANOMALY_OFFICE_HOURS: weekday hours (Asia/Tokyo), start included, end excluded." }),
  })
  .meta({ id: "AnomalyThresholds" });

export type AnomalyThresholds = z.infer<typeof anomalyThresholdsSchema>;

export const anomalyReportSchema = z
  .object({
    from: z.string().meta({ description: "The range searched, as given or defaulted." }),
    to: z.string(),
    thresholds: anomalyThresholdsSchema,
    flags: z.array(anomalyFlagSchema).meta({ description: "In the order of the rules, newest first within a rule." }),
    truncated: z.array(z.enum(anomalyRules)).meta({ description: "Rules that found more flags than the report lists; narrow the range to see them all." }),
  })
  .meta({ id: "AnomalyReport", description: "Anomaly flags over a time range." });

export type AnomalyReport = z.infer<typeof anomalyReportSchema>;
