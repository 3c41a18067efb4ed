import { getDatabase } from "@/db/client";
import { trustedProxyHops } from "@/lib/auth/request-context";
import { anomalyAlertMinutes, anomalyConfig } from "@/lib/audit/anomalies/config";
import { startAuditLoop } from "@/lib/audit/background";
import { outboxConfig } from "@/lib/notifications/config";
import { startOutboxLoop } from "@/lib/notifications/outbox-loop";
import { retentionConfig } from "@/lib/services/prune-retained-data";
import { tokenReminderDays } from "@/lib/services/internal/api-tokens";
import { requestCheckpoint, requestOutboxRun, startJobs } from "./queue";
import { startAnomalyAlertLoop } from "./anomaly-alert-loop";
import { startUntilUp } from "./periodic";
import { startRetentionLoop } from "./retention-loop";
import { startTokenReminderLoop } from "./token-reminder-loop";

/** Starts the background work of a server process; retries while the database is unreachable. */
export async function startBackgroundWork(): Promise<void> {
  try {
    const anomalies = anomalyConfig(); // a bad ANOMALY_* setting is reported at start, not when an auditor opens the page
    const alertMinutes = anomalyAlertMinutes();
    const outbox = outboxConfig(); // and so is a bad EMAIL_* setting
    trustedProxyHops(); // and TRUSTED_PROXY_HOPS
    const retention = retentionConfig(); // and RETENTION_*
    const reminderDays = tokenReminderDays(); // and TOKEN_EXPIRY_REMINDER_DAYS
    const database = await getDatabase();
    // The audit chain goes on growing whatever becomes of the job queue: the loops start at once, and a
    // checkpoint or an outbox run asked for while the queue is down fails that pass; the next asks again.
    // (Under a role that could not create the queue's schema, waiting for the queue left every event unchained.)
    const jobs = startUntilUp("job queue", 10_000, () => startJobs(database));
    startAuditLoop(() => requestCheckpoint(jobs.current()));
    if (outbox.delivery !== "held") startOutboxLoop(database.db, outbox, () => requestOutboxRun(jobs.current()));
    startRetentionLoop(database.db, retention);
    startAnomalyAlertLoop(database.db, anomalies, alertMinutes);
    startTokenReminderLoop(database.db, reminderDays);
  } catch (error) {
    console.error("background work could not start; retrying in 10 s", error);
    setTimeout(() => void startBackgroundWork(), 10_000).unref();
  }
}
