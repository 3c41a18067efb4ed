import { and, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { emailOutbox, type EmailCancelReason } from "@/db/schema";
import { retryDelaySeconds, type OutboxConfig } from "./config";
import type { Mailer } from "./mailer";

type Claimed = { id: string; to_address: string; subject: string; text_body: string; html_body: string | null; attempts: number; refusals: number; max_attempts: number };

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
  /** No longer to be sent when reached (`cancelReason`). */
  cancelled: number;
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
 * Why a claimed message is no longer to be sent, or null: its recipient's account was disabled since it was
 * queued (a security notice still goes: it tells the owner what happened to their account), an advisory's
 * or a disclosure review's notice is addressed to an invitation not yet accepted (an address no one has
 * confirmed: recipientsOf leaves such users out, and this stops any such notice already queued), or the
 * advisory it announces was withdrawn (its content may be what was wrong; the withdrawal notice is queued apart).
 * The worker runs outside the advisories' second wall, which shows it no advisory: it asks the one
 * security-definer function that answers this (migration 0036).
 */
async function cancelReason(db: Executor, id: string): Promise<EmailCancelReason | null> {
  const [row] = rowsOf<{ reason: EmailCancelReason | null }>(
    await db.execute(sql`select case
        when o.kind <> 'account.security_notice'
          and exists (select 1 from users u where lower(u.email) = lower(o.to_address) and u.disabled_at is not null) then 'recipient_disabled'
        when (o.kind like 'advisory.%' or o.kind like 'disclosure.%')
          and exists (select 1 from users u where lower(u.email) = lower(o.to_address) and not u.has_password) then 'recipient_not_accepted'
        when o.kind in ('advisory.published', 'advisory.revised')
          and advisory_withdrawn(o.reference->>'advisoryId') then 'advisory_withdrawn'
      end as reason
      from ${emailOutbox} o where o.id = ${id}`),
  );
  return row?.reason ?? null;
}

class SendTimedOut extends Error {
  constructor(seconds: number) {
    super(`the mail server had not taken the message after ${seconds} s; it is tried again later`);
    this.name = "SendTimedOut";
  }
}

/**
 * The mailer's send, holding the message's lease while it lasts: every third of a lease the lease is pushed
 * a lease ahead again (a send slower than one lease was claimed and sent a second time by another worker),
 * and at most `sendTimeoutSeconds` in all — a server that answers, slowly, forever, would otherwise hold
 * the message (and this worker) for good. A worker that dies stops renewing, and the lease lapses.
 */
async function sendHoldingLease(db: Executor, mailer: Mailer, message: Claimed, held: SQL, config: OutboxConfig): Promise<string> {
  let renewal: Promise<unknown> = Promise.resolve();
  const renew = setInterval(() => {
    renewal = db
      .update(emailOutbox)
      .set({ nextAttemptAt: sql`now() + make_interval(secs => ${config.leaseSeconds})` })
      .where(held)
      .catch(() => {}); // a renewal that fails leaves the lease as it was: at worst the message is sent twice
  }, (config.leaseSeconds * 1000) / 3);
  let deadline: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new SendTimedOut(config.sendTimeoutSeconds)), config.sendTimeoutSeconds * 1000);
    });
    const sent = await Promise.race([mailer.send({ to: message.to_address, subject: message.subject, text: message.text_body, html: message.html_body }), timedOut]);
    return sent.messageId;
  } finally {
    clearInterval(renew);
    clearTimeout(deadline);
    // The outcome is written after the last renewal, never under it.
    await renewal;
  }
}

/**
 * One pass of the outbox worker, over at most `batchSize` messages. It claims one due message at a time
 * (SKIP LOCKED, so several workers never take the same one) by counting the attempt and pushing
 * `next_attempt_at` a lease ahead — renewed while the send lasts; a worker that dies mid-send lets the
 * message become due again when the lease lapses — looks again whether it is still to be sent
 * (`cancelReason`), sends it outside any transaction, and records the outcome: sent; or, after a failure,
 * due again after a back-off that doubles with each attempt; or failed for good once the mail server has
 * refused it `max_attempts` times (`isPermanentRefusal`, counted in `refusals`) — while the mail server is
 * down, nothing is given up, and the tries of an outage do not count towards it. Each lease covers one
 * send only (a batch claimed at once outlived its lease behind a slow mail server, and another worker sent
 * the rest again), and an outcome is recorded only by the attempt that still holds the message.
 * At-least-once: a message whose send succeeded but whose outcome could not be recorded, or whose send
 * outlasted `sendTimeoutSeconds` and still reached the server, is sent again.
 */
export async function deliverDueEmails(db: Executor, mailer: Mailer, config: OutboxConfig): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  for (let n = 0; n < config.batchSize; n++) {
    const [message] = rowsOf<Claimed>(
      await db.execute(sql`update ${emailOutbox} set attempts = attempts + 1, last_attempt_at = now(),
          next_attempt_at = now() + make_interval(secs => ${config.leaseSeconds})
        where id = (select id from ${emailOutbox} where state = 'pending' and next_attempt_at <= now()
          order by next_attempt_at, created_at, id limit 1 for update skip locked)
        returning id, to_address, subject, text_body, html_body, attempts, refusals, max_attempts`),
    );
    if (!message) break;
    // Still this attempt's: not taken again by another worker after the lease lapsed.
    const held = and(eq(emailOutbox.id, message.id), eq(emailOutbox.attempts, message.attempts), eq(emailOutbox.state, "pending"))!;
    const reason = await cancelReason(db, message.id);
    if (reason) {
      await db.update(emailOutbox).set({ state: "cancelled", lastError: reason }).where(held);
      run.cancelled++;
      continue;
    }
    let messageId: string;
    try {
      messageId = await sendHoldingLease(db, mailer, message, held, config);
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
