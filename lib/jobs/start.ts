import { getDatabase } from "@/db/client";
import { trustedProxyHops } from "@/lib/auth/request-context";
import { anomalyConfig } from "@/lib/audit/anomalies/config";
import { auditLoopConfig, startAuditLoop } from "@/lib/audit/background";
import { signingKey, previousPublicKeys } from "@/lib/audit/signing-key";
import { appUrlFrom } from "@/lib/config/app-url";
import { outboxConfig } from "@/lib/notifications/config";
import { startOutboxLoop } from "@/lib/notifications/outbox-loop";
import { invitationsPerHour } from "@/lib/services/internal/account-links";
import { idleMinutesFor } from "@/lib/security/session-policy";
import { throttleConfig } from "@/lib/security/throttle-policy";
import { requestCheckpoint, requestOutboxRun, startJobs } from "./queue";
import { startUntilUp } from "./until-up";
import { scheduledJobs } from "./scheduled";

/**
 * The server's settings that background work and requests read, checked once at start: a bad ANOMALY_*,
 * EMAIL_*, SMTP_URL, APP_URL (which a production start must set), AUDIT_* (the signing key too), RETENTION_*,
 * THROTTLE_*, SESSION_IDLE_MINUTES_*, TRUSTED_PROXY_HOPS, TOKEN_EXPIRY_REMINDER_DAYS or INVITATION_LIMIT_PER_HOUR
 * is reported here, not when an auditor opens a page or someone signs in (a bad idle limit used to turn every
 * signed-in request into an error page), nor by mailing links to localhost.
 */
export function backgroundSettings() {
  const settings = { outbox: outboxConfig() };
  anomalyConfig();
  // The scheduled passes' own settings (ANOMALY_ALERT_MINUTES, RETENTION_*, TOKEN_EXPIRY_REMINDER_DAYS).
  scheduledJobs();
  appUrlFrom(process.env);
  auditLoopConfig();
  // A configured key is read now (the one generated for a demo is made at the first checkpoint, or below).
  if (process.env.AUDIT_SIGNING_KEY?.trim()) signingKey();
  previousPublicKeys();
  trustedProxyHops();
  throttleConfig();
  invitationsPerHour();
  idleMinutesFor("company");
  idleMinutesFor("agency");
  return settings;
}

/**
 * Starts the background work of a server process. A setting it cannot use stops the server with one
 * line saying which (serving on while nothing is chained or mailed helps no one); a database that cannot
 * be reached yet is waited for.
 */
export async function startBackgroundWork(): Promise<void> {
  let settings: ReturnType<typeof backgroundSettings>;
  try {
    settings = backgroundSettings();
    // The checkpoints' key, made now if it is the data folder's and missing: a folder that cannot take it
    // stops the start, instead of every checkpoint failing unseen.
    signingKey();
  } catch (error) {
    console.error(`configuration refused: ${(error as Error).message}`);
    process.exit(1);
  }
  const { outbox } = settings;
  try {
    const database = await getDatabase();
    // The audit chain goes on growing whatever becomes of the job queue: the loops start at once, and a
    // checkpoint or an outbox run asked for while the queue is down fails that pass; the next asks again.
    // (Under a role that could not create the queue's schema, waiting for the queue left every event unchained.)
    const jobs = startUntilUp("job queue", 10_000, () => startJobs(database));
    startAuditLoop(() => requestCheckpoint(jobs.current()));
    if (outbox.delivery !== "held") startOutboxLoop(database.db, outbox, () => requestOutboxRun(jobs.current()));
  } catch (error) {
    console.error("background work could not start; retrying in 10 s", error);
    setTimeout(() => void startBackgroundWork(), 10_000).unref();
  }
}
