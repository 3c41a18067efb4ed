import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { ANOMALY_ALERT_LOOKBACK_HOURS } from "@/lib/audit/anomalies/config";
import { emit } from "@/lib/audit/emit";
import type { RequestContext } from "./context";
import { withTx } from "./transaction";

/** How long what has served its purpose is kept (README, "Configuration"). */
export interface RetentionConfig {
  /** Bodies of sent, failed or cancelled emails (invitation and reset links among them); the rest of the row stays. */
  emailBodyDays: number;
  /** Used or expired invitation and reset links (digests only). */
  accountLinkDays: number;
  /** Sessions that ended: signed out, revoked or expired. */
  sessionDays: number;
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3650) throw new Error(`${name} must be a whole number of days from 1 to 3650, not "${raw}".`);
  return value;
}

export function retentionConfig(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  return {
    emailBodyDays: days(env, "RETENTION_EMAIL_BODY_DAYS", 30),
    accountLinkDays: days(env, "RETENTION_ACCOUNT_LINK_DAYS", 30),
    sessionDays: days(env, "RETENTION_SESSION_DAYS", 90),
  };
}

export interface PruneCounts {
  emailBodies: number;
  accountLinks: number;
  sessions: number;
  throttles: number;
  anomalyAlerts: number;
}

const count = (result: unknown) => Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);

/**
 * Removes what is no longer needed once its retention period is over (V8.3.8), in one transaction with
 * the audit event that says how much went: the bodies of emails that were sent, gave up or were cancelled
 * (links in them included, and a withdrawn advisory's words; who was written to, when and about what stays
 * for the outbox page), spent account links,
 * ended sessions, throttle counters that have gone quiet, and the marks of anomaly flags alerted long ago. Pending mail, live links and open sessions
 * are never touched. The audit log itself is never pruned. Idempotent: servers may run it at once.
 */
export async function pruneRetainedData(ctx: RequestContext, config: RetentionConfig = retentionConfig()): Promise<PruneCounts> {
  return withTx(ctx, async (tx) => {
    const emailBodies = count(
      await tx.execute(sql`with pruned as (
        update email_outbox set text_body = '', html_body = null
        where state in ('sent', 'failed', 'cancelled') and text_body <> ''
          and coalesce(sent_at, last_attempt_at, created_at) < now() - make_interval(days => ${config.emailBodyDays})
        returning 1) select count(*) as n from pruned`),
    );
    const accountLinks = count(
      await tx.execute(sql`with pruned as (
        delete from account_links where least(coalesce(used_at, expires_at), expires_at) < now() - make_interval(days => ${config.accountLinkDays})
        returning 1) select count(*) as n from pruned`),
    );
    const sessions = count(
      await tx.execute(sql`with pruned as (
        delete from user_sessions where coalesce(revoked_at, expires_at) < now() - make_interval(days => ${config.sessionDays})
          and (revoked_at is not null or expires_at < now())
        returning 1) select count(*) as n from pruned`),
    );
    // A counter whose last failure is a day old has started again from nothing (every rule's quiet spell
    // is shorter), and one that still blocks is kept.
    const throttles = count(
      await tx.execute(sql`with pruned as (
        delete from auth_throttles where last_failure_at < now() - interval '1 day' and (blocked_until is null or blocked_until < now())
        returning 1) select count(*) as n from pruned`),
    );
    // A flag is found again only while its window reaches into the alert pass's look-back; a day after its
    // window ended (a burst extends it while it goes on), its record can no longer stop a second mail.
    const anomalyAlerts = count(
      await tx.execute(sql`with pruned as (
        delete from anomaly_alerts where coalesce(window_end, window_start) < now() - make_interval(hours => ${ANOMALY_ALERT_LOOKBACK_HOURS + 24})
        returning 1) select count(*) as n from pruned`),
    );
    const counts = { emailBodies, accountLinks, sessions, throttles, anomalyAlerts };
    if (emailBodies + accountLinks + sessions + throttles + anomalyAlerts > 0) {
      await emit(tx, ctx, { action: "retention.prune", outcome: "allowed", details: { ...counts, ...config } });
    }
    return counts;
  });
}
