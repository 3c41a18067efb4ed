import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { retryDelaySeconds, type OutboxConfig } from "./config";
import type { Mailer } from "./mailer";

type Claimed = { id: string; to_address: string; subject: string; text_body: string; html_body: string | null; attempts: number; refusals: number; max_attempts: number };

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Whether the mail server refused the message for good: an SMTP 5xx reply to the message's recipient
 * (RCPT TO) or its content (DATA). A server that cannot be reached, times out, or answers 4xx ("try again
 * later") is down, not refusing; and a refusal of the connection, the login, the sender (MAIL FROM: a wrong
 * EMAIL_FROM, a login the server wants first) or one asking to authenticate (530, 5.7.0) is about the
 * server's settings, the operator's to mend — it would refuse every message alike. Those never use up
 * the attempts: the message waits, retried every EMAIL_RETRY_MAX_SECONDS at the longest, until the
 * server takes it.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const { responseCode, code, command, response } = (error ?? {}) as { responseCode?: unknown; code?: unknown; command?: unknown; response?: unknown };
  if (typeof responseCode !== "number" || responseCode < 500 || code === "EAUTH" || responseCode === 530) return false;
  if (typeof response === "string" && /\b5\.7\.0\b/.test(response)) return false;
  return command === "RCPT TO" || command === "DATA" || code === "EMESSAGE";
}

const errorText = (error: unknown) => (error instanceof Error ? `${"code" in error && error.code ? `${String(error.code)}: ` : ""}${error.message}` : String(error)).slice(0, 1000);

/**
 * One pass of the outbox worker, over at most `batchSize` messages. It claims one due message at a time
 * (SKIP LOCKED, so several workers never take the same one) by counting the attempt and pushing
 * `next_attempt_at` a lease ahead — a worker that dies mid-send lets the message become due again when the
 * lease lapses — sends it outside any transaction, and records the outcome: sent; or, after a failure, due
 * again after a back-off that doubles with each attempt; or failed for good once the mail server has refused
 * it `max_attempts` times (`isPermanentRefusal`, counted in `refusals`) — while the mail server is down,
 * nothing is given up, and the tries of an outage do not count towards it. Each lease
 * covers one send only (a batch claimed at once outlived its lease behind a slow mail server, and another
 * worker sent the rest again), and an outcome is recorded only by the attempt that still holds the
 * message. At-least-once: a message whose send succeeded but whose outcome could not be recorded, or whose
 * one send outlasted the lease, is sent again.
 */
export async function deliverDueEmails(db: Executor, mailer: Mailer, config: OutboxConfig): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
  for (let n = 0; n < config.batchSize; n++) {
    const [message] = rowsOf<Claimed>(
      await db.execute(sql`update ${emailOutbox} set attempts = attempts + 1, last_attempt_at = now(),
          next_attempt_at = now() + make_interval(secs => ${config.leaseSeconds})
        where id = (select id from ${emailOutbox} where state = 'pending' and next_attempt_at <= now()
          order by next_attempt_at, created_at limit 1 for update skip locked)
        returning id, to_address, subject, text_body, html_body, attempts, refusals, max_attempts`),
    );
    if (!message) break;
    // Still this attempt's: not taken again by another worker after the lease lapsed.
    const held = and(eq(emailOutbox.id, message.id), eq(emailOutbox.attempts, message.attempts), eq(emailOutbox.state, "pending"));
    let messageId: string | undefined;
    try {
      ({ messageId } = await mailer.send({ to: message.to_address, subject: message.subject, text: message.text_body, html: message.html_body }));
    } catch (error) {
      const refusals = message.refusals + (isPermanentRefusal(error) ? 1 : 0);
      const giveUp = refusals >= message.max_attempts;
      await db
        .update(emailOutbox)
        .set(
          giveUp
            ? { state: "failed", refusals, lastError: errorText(error) }
            : { refusals, lastError: errorText(error), nextAttemptAt: sql`now() + make_interval(secs => ${retryDelaySeconds(message.attempts, config)})` },
        )
        .where(held);
      if (giveUp) run.failed++;
      else run.retrying++;
      continue;
    }
    // Outside the send's try: a failure to record a sent message is no failure of the send (it was recorded
    // as one, and sent again after the back-off); the run stops, and the lease lapsing sends it again.
    await db.update(emailOutbox).set({ state: "sent", sentAt: sql`now()`, transport: mailer.transport, messageId, lastError: null }).where(held);
    run.sent++;
  }
  return run;
}

/** Whether any message is due now (the loop asks before it puts a job on the queue). */
export async function emailsDue(db: Executor): Promise<boolean> {
  const [row] = rowsOf<{ due: boolean }>(await db.execute(sql`select exists (select 1 from ${emailOutbox} where state = 'pending' and next_attempt_at <= now()) as due`));
  return Boolean(row?.due);
}
