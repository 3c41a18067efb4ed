import { urlSetting } from "@/db/env-setting";
import { smtpOptions } from "./smtp-url";
import { wholeNumberFrom } from "@/lib/config/env-number";
import { isProductionStart } from "@/lib/security/headers";

/** How the outbox sends and retries, from the environment (README, "Email notifications"). */
export interface OutboxConfig {
  /** SMTP server, such as smtp://user:pass@mail.example:587. */
  smtpUrl: string | null;
  /**
   * How messages leave: `smtp` to SMTP_URL's server; without one, `log` (the demo and development: written
   * to the server log, links included, so they can be followed) or, in a production start, `held` — kept
   * in the outbox, unsent, until a mail server is configured, since live invitation and reset links must
   * never reach a log.
   */
  delivery: "smtp" | "log" | "held";
  from: string;
  maxAttempts: number;
  /** Delay after the first failure; doubled after each further failure, up to `retryMaxSeconds`. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** How long a claimed message is held before another worker may try it (a crashed worker's claim lapses); renewed while a send lasts. */
  leaseSeconds: number;
  /** The longest one send may take in all; then it counts as failed (not refused) and is tried again later. */
  sendTimeoutSeconds: number;
  pollMs: number;
  batchSize: number;
}

const DAY_SECONDS = 86_400;

export function outboxConfig(env: NodeJS.ProcessEnv = process.env): OutboxConfig {
  const smtpUrl = urlSetting(env, "SMTP_URL") ?? null;
  // Said here, at start, not by the mailer once the job queue is up (which then never started its workers).
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) throw new Error("SMTP_URL must start with smtp:// or smtps:// (e.g. smtp://user:pass@mail.example:587).");
  // Read as the mailer will read it (a user name or password it cannot decode), now rather than at the first send.
  if (smtpUrl) smtpOptions(smtpUrl);
  return {
    smtpUrl,
    delivery: smtpUrl ? "smtp" : isProductionStart(env) ? "held" : "log",
    from: env.EMAIL_FROM || "Kakehashi <no-reply@kakehashi.example>",
    maxAttempts: wholeNumberFrom(env, "EMAIL_MAX_ATTEMPTS", 10, { min: 1, max: 100 }),
    retryBaseSeconds: wholeNumberFrom(env, "EMAIL_RETRY_BASE_SECONDS", 30, { min: 1, max: DAY_SECONDS }),
    retryMaxSeconds: wholeNumberFrom(env, "EMAIL_RETRY_MAX_SECONDS", 3600, { min: 1, max: 7 * DAY_SECONDS }),
    // Renewed every third of itself while a send lasts, so it only bounds how long a dead worker's claim
    // keeps a message from the others.
    leaseSeconds: wholeNumberFrom(env, "EMAIL_LEASE_SECONDS", 120, { min: 60, max: DAY_SECONDS }),
    // Well beyond a healthy send (the mailer's own timeouts: 10 s to connect, 10 s for the greeting, 30 s
    // of silence between replies), short enough that a server trickling replies cannot hold a worker.
    sendTimeoutSeconds: wholeNumberFrom(env, "EMAIL_SEND_TIMEOUT_SECONDS", 300, { min: 10, max: DAY_SECONDS }),
    // setTimeout holds at most 2^31 - 1 ms; an hour is plenty.
    pollMs: wholeNumberFrom(env, "EMAIL_POLL_MS", 2000, { min: 100, max: 3_600_000 }),
    batchSize: wholeNumberFrom(env, "EMAIL_BATCH_SIZE", 20, { min: 1, max: 1000 }),
  };
}

/** Seconds to wait after the `attempts`-th failure: base, 2×base, 4×base… capped. */
export function retryDelaySeconds(attempts: number, config: Pick<OutboxConfig, "retryBaseSeconds" | "retryMaxSeconds">): number {
  return Math.min(config.retryMaxSeconds, config.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
}
