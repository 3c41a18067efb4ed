import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import type { Database } from "@/db/client";
import { createCheckpoint } from "@/lib/audit/checkpoint";
import { signingKey } from "@/lib/audit/signing-key";
import { outboxConfig } from "@/lib/notifications/config";
import { deliverDueEmails } from "@/lib/notifications/deliver";
import { createMailer } from "@/lib/notifications/mailer";
import { bossDb } from "./boss-db";
import { SCHEDULED_QUEUES, scheduledJobs, type ScheduledJob } from "./scheduled";

export const AUDIT_CHECKPOINT_QUEUE = "audit-checkpoint";
export const EMAIL_OUTBOX_QUEUE = "email-outbox";

/**
 * The PostgreSQL-backed job queue (pg-boss, in its own `pgboss` schema of the same database) and the
 * workers of this process. Sealing checkpoints runs here; and so does sending the email outbox
 * (lib/notifications), whose retries and back-off live in the outbox itself; and so do the scheduled
 * passes (lib/jobs/scheduled.ts: reviewers' notices, anomaly alerts, retention, token reminders), which
 * pg-boss's own cron starts once per due time across all servers.
 */
export async function startJobs(database: Database, env: NodeJS.ProcessEnv = process.env): Promise<PgBoss> {
  // What the workers need, before the queue starts: a setting refused here leaves no queue running.
  const key = signingKey(env);
  const outbox = outboxConfig(env);
  const scheduled = scheduledJobs(env);
  const mailer = outbox.delivery === "held" ? null : createMailer(outbox);
  const boss = await startedQueue(database, { supervise: true });
  try {
    await boss.work(AUDIT_CHECKPOINT_QUEUE, { pollingIntervalSeconds: 1 }, logged("sealing a checkpoint", async () => {
      const ctx = { db: database.db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "job queue" };
      await createCheckpoint(database.db, ctx, key);
    }));
    await startScheduled(boss, database, scheduled);
    if (!mailer) {
      console.warn('warning: SMTP_URL is not set: emails stay in the outbox, unsent, until a mail server is configured (README, "Email notifications").');
      return boss;
    }
    await boss.work(EMAIL_OUTBOX_QUEUE, { pollingIntervalSeconds: 0.5 }, logged("sending the outbox", () => deliverDueEmails(database.db, mailer, outbox)));
    boss.on("stopped", () => mailer.close());
    return boss;
  } catch (error) {
    // A queue half set up is not left polling: the caller tries again later with a new one.
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    mailer?.close();
    throw error;
  }
}

/**
 * The scheduled passes' workers, and their schedules as this server's settings give them (a pass a setting
 * turned off is taken off the schedule). The schedules live in the queue's database, one per queue: servers
 * started with other settings overwrite each other's, the last started wins.
 */
async function startScheduled(boss: PgBoss, database: Database, jobs: ScheduledJob[]): Promise<void> {
  for (const job of jobs) {
    await boss.work(job.queue, { pollingIntervalSeconds: 2 }, logged(`the ${job.queue} pass`, () => job.run(database.db)));
    if (job.cron) await boss.schedule(job.queue, job.cron);
    else await boss.unschedule(job.queue);
  }
}

/**
 * A worker that says why it failed: pg-boss records a worker's error on the job and retries it, but logs
 * nothing, so a checkpoint that could never be sealed failed unseen.
 */
function logged(what: string, work: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    try {
      await work();
    } catch (error) {
      console.error(`job queue: ${what} failed; the job is retried`, error);
      throw error;
    }
  };
}

/**
 * Creates or upgrades the queue's `pgboss` schema and its queues, as the role that runs the migrations
 * (`npm run db:migrate`). A server started under the production role (README, "Production database
 * roles") may use the schema but not create it: pg-boss makes it on first start, and makes a table per
 * queue attached to a table it owns, both of which need the owner. A server whose role can do that
 * (the demo's, a test's) still finds the schema missing and makes it itself.
 */
export async function installJobQueue(database: Database): Promise<void> {
  const boss = await startedQueue(database, { supervise: false });
  await boss.stop({ graceful: false, wait: true });
}

/**
 * pg-boss on our own connection, started (its schema made or upgraded where the role may) and with our
 * queues in place; `supervise` runs its maintenance (expiry, archiving) in this process.
 */
async function startedQueue(database: Database, { supervise }: { supervise: boolean }): Promise<PgBoss> {
  // A supervising queue also keeps the schedules (pg-boss's cron monitor: one server sends each due job).
  const boss = new PgBoss({ db: bossDb(database), schedule: supervise, supervise, migrate: true } as ConstructorParameters<typeof PgBoss>[0]);
  boss.on("error", (error) => console.error("job queue:", error));
  await boss.start();
  try {
    await createQueues(boss);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true });
    throw error;
  }
  return boss;
}

/**
 * The queues, policy "short": at most one run waiting, so asking again adds nothing, but no limit on runs
 * active. A worker that loses the database mid-run cannot record the end of its run, and the run stays
 * "active" until it expires (15 minutes); under a policy that allows one active run ("singleton",
 * "stately"), nothing was sent or sealed until then, though the database was back in a second. Two runs
 * at once are harmless: the outbox claims messages with SKIP LOCKED, and a checkpoint with nothing new
 * to seal writes nothing.
 */
export async function createQueues(boss: PgBoss): Promise<void> {
  const queues = [
    { name: AUDIT_CHECKPOINT_QUEUE, policy: "short", retryLimit: 5, retryBackoff: true },
    { name: EMAIL_OUTBOX_QUEUE, policy: "short", retryLimit: 0 },
    // A scheduled pass that failed is not retried: its next due time comes soon enough.
    ...SCHEDULED_QUEUES.map((name) => ({ name, policy: "short", retryLimit: 0 }) as const),
  ] as const;
  for (const queue of queues) {
    await boss.createQueue(queue.name, queue);
    // createQueue leaves a queue that exists as it was: one made under the earlier policies changes here.
    await boss.updateQueue(queue.name, queue);
  }
}

/** Asks for a run of the outbox worker; while one is queued, asking again adds nothing. */
export async function requestOutboxRun(boss: PgBoss): Promise<void> {
  await boss.send(EMAIL_OUTBOX_QUEUE, {}, { singletonKey: EMAIL_OUTBOX_QUEUE });
}

/** Asks for a checkpoint; while one is queued, asking again adds nothing. */
export async function requestCheckpoint(boss: PgBoss): Promise<void> {
  await boss.send(AUDIT_CHECKPOINT_QUEUE, {}, { singletonKey: AUDIT_CHECKPOINT_QUEUE });
}
