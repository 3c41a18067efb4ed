import { createHash } from "node:crypto";
import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { anomalyAlerts, memberships, users } from "@/db/schema";
import { findAnomalies } from "@/lib/audit/anomalies";
import { ANOMALY_ALERT_LOOKBACK_HOURS, type AnomalyConfig } from "@/lib/audit/anomalies/config";
import { emit } from "@/lib/audit/emit";
import { anomalyAlertEmail } from "@/lib/notifications/anomaly-alert-email";
import { enqueueEmails } from "@/lib/notifications/outbox";
import type { AnomalyFlag, AnomalyRule } from "@/lib/schemas/anomaly-query";
import type { RequestContext } from "./context";
import { withTx } from "./transaction";

/** Whom a flag is about: its rule, actor, client address and attempted email (not its window, nor its action, which a burst's later events may change). */
export function flagSubject(flag: AnomalyFlag): string {
  const parts = [flag.rule, flag.actorUserId ?? "", flag.clientIp ?? "", flag.attemptedEmail ?? ""];
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

const flagKey = (flag: AnomalyFlag) => createHash("sha256").update(`${flagSubject(flag)}\u0000${flag.windowStart}`).digest("hex");

/**
 * Flags a pass weighs per rule: the console lists 200 per rule (FLAGS_PER_RULE), newest first; a pass that
 * read no more than that would leave the older high flags of a flood never mailed. A day with more than
 * this per rule is not a case for mail but for the console.
 */
export const ALERT_FLAGS_PER_RULE = 5000;

// Passes of every server take turns: each decides what is new against what the others recorded.
const ALERT_LOCK = sql`select pg_advisory_xact_lock(hashtext('kakehashi.anomaly-alerts'))`;

/**
 * A background pass: the high-severity flags of the last day that no pass alerted yet are mailed to every
 * active auditor, through the outbox, and the alert is an audit event — all in one transaction, so a flag
 * is marked alerted only if its mail is queued. A flag is one already alerted when an alert about the same
 * subject covered part of its window: a burst still going on, or one whose start the day's look-back has
 * passed, extends that alert instead of raising a new one (it used to be mailed again at every pass).
 * Passes take turns under a lock, so servers running it at once alert each flag once. Answers how many new
 * flags were alerted.
 */
export async function alertAnomalies(ctx: RequestContext, config: AnomalyConfig, now: Date = new Date()): Promise<number> {
  return withTx(ctx, async (tx) => {
    const range = { from: new Date(now.getTime() - ANOMALY_ALERT_LOOKBACK_HOURS * 3_600_000).toISOString(), to: now.toISOString() };
    const { flags } = await findAnomalies(tx, range, config, ALERT_FLAGS_PER_RULE);
    const high = flags.filter((f) => f.severity === "high");
    if (high.length === 0) return 0;
    const auditors = await tx
      .select({ email: users.email, displayName: users.displayName, language: users.emailLocale })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(eq(memberships.role, "auditor"), isNull(users.disabledAt)));
    // With nobody to tell, nothing counts as told: the flags wait for a pass that has an auditor to mail.
    if (auditors.length === 0) return 0;
    await tx.execute(ALERT_LOCK);
    const fresh: AnomalyFlag[] = [];
    for (const flag of high) {
      const subject = flagSubject(flag);
      const known = await tx
        .update(anomalyAlerts)
        .set({ windowEnd: sql`greatest(${anomalyAlerts.windowEnd}, ${flag.windowEnd}::timestamptz)` })
        .where(and(eq(anomalyAlerts.subject, subject), lte(anomalyAlerts.windowStart, sql`${flag.windowEnd}::timestamptz`), gte(anomalyAlerts.windowEnd, sql`${flag.windowStart}::timestamptz`)))
        .returning({ flagKey: anomalyAlerts.flagKey });
      if (known.length > 0) continue;
      await tx
        .insert(anomalyAlerts)
        .values({ flagKey: flagKey(flag), rule: flag.rule, subject, windowStart: sql`${flag.windowStart}::timestamptz`, windowEnd: sql`${flag.windowEnd}::timestamptz` })
        .onConflictDoNothing();
      fresh.push(flag);
    }
    if (fresh.length === 0) return 0;
    const counts: Partial<Record<AnomalyRule, number>> = {};
    for (const { rule } of fresh) counts[rule] = (counts[rule] ?? 0) + 1;
    await enqueueEmails(tx, auditors.map((a) => anomalyAlertEmail(a, counts, range)));
    await emit(tx, ctx, { action: "anomaly.alert", outcome: "allowed", details: { flags: fresh.length, rules: counts, recipients: auditors.length } });
    return fresh.length;
  });
}
