import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { anomalyAlertMinutes, parseAnomalyConfig } from "@/lib/audit/anomalies/config";
import { alertAnomalies } from "@/lib/services/alert-anomalies";
import { tokenReminderDays } from "@/lib/services/internal/api-tokens";
import { notifyReviewers } from "@/lib/services/notify-reviewers";
import { pruneRetainedData, retentionConfig } from "@/lib/services/prune-retained-data";
import { remindExpiringTokens } from "@/lib/services/remind-expiring-tokens";

/** The queues of the scheduled passes, made with the others by `npm run db:migrate` (lib/jobs/queue.ts). */
export const SCHEDULED_QUEUES = ["review-notices", "anomaly-alerts", "retention", "token-reminders"] as const;

/**
 * A pass the job queue runs on a schedule: its queue, when (a cron expression, UTC; null when a setting
 * turned it off) and the work. Each pass may run on any server, and two at once are harmless: each takes
 * its rows once (SKIP LOCKED, or a mark of what was already sent) or is idempotent.
 */
export interface ScheduledJob {
  queue: (typeof SCHEDULED_QUEUES)[number];
  cron: string | null;
  run(db: Executor): Promise<unknown>;
}

/** A period of ANOMALY_ALERT_PERIODS as a cron expression on the clock: 10 → minutes :00, :10, …; 120 → every other hour. */
export function cronEvery(minutes: number): string {
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = minutes / 60;
  return hours === 1 ? "0 * * * *" : hours === 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

const context = (db: Executor, who: string) => ({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: who });

/**
 * The scheduled passes, with this server's settings (read before the queue starts: a bad one stops it).
 * Reviewers hear of new submissions within a minute; the other passes keep the periods the README gives.
 */
export function scheduledJobs(env: NodeJS.ProcessEnv = process.env): ScheduledJob[] {
  const anomalies = parseAnomalyConfig(env);
  const alertMinutes = anomalyAlertMinutes(env);
  const retention = retentionConfig(env);
  const reminderDays = tokenReminderDays(env);
  return [
    { queue: "review-notices", cron: "* * * * *", run: (db) => notifyReviewers(context(db, "review notices")) },
    { queue: "anomaly-alerts", cron: alertMinutes === 0 ? null : cronEvery(alertMinutes), run: (db) => alertAnomalies(context(db, "anomaly alerts"), anomalies) },
    // Hourly, each at a minute of its own, so that the two do not start together.
    { queue: "retention", cron: "5 * * * *", run: (db) => pruneRetainedData(context(db, "retention"), retention) },
    { queue: "token-reminders", cron: reminderDays === 0 ? null : "10 * * * *", run: (db) => remindExpiringTokens(context(db, "token expiry reminders"), reminderDays) },
  ];
}
