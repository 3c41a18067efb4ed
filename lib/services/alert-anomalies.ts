import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { anomalyAlerts, memberships, users } from "@/db/schema";
import { findAnomalies } from "@/lib/audit/anomalies";
import { ANOMALY_ALERT_LOOKBACK_HOURS, type AnomalyConfig } from "@/lib/audit/anomalies/config";
import { emit } from "@/lib/audit/emit";
import { anomalyAlertEmail } from "@/lib/notifications/anomaly-alert-email";
import { enqueueEmails } from "@/lib/notifications/outbox";
import type { AnomalyFlag, AnomalyRule } from "@/lib/schemas/anomaly-query";
import type { RequestContext } from "./context";
import { withTx } from "./transaction";

/** What makes a flag the same flag in a later pass: its rule, whom it is about, and where its window starts. */
export function flagKey(flag: AnomalyFlag): string {
  const parts = [flag.rule, flag.actorUserId ?? "", flag.clientIp ?? "", flag.attemptedEmail ?? "", flag.action ?? "", flag.windowStart];
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/**
 * A background pass: the high-severity flags of the last day that no pass alerted yet are mailed to every
 * active auditor, through the outbox, and the alert is an audit event — all in one transaction, so a flag
 * is marked alerted only if its mail is queued. Servers running it at once alert each flag once (the
 * flag's key is the primary key of `anomaly_alerts`). Answers how many new flags were alerted.
 */
export async function alertAnomalies(ctx: RequestContext, config: AnomalyConfig, now: Date = new Date()): Promise<number> {
  return withTx(ctx, async (tx) => {
    const range = { from: new Date(now.getTime() - ANOMALY_ALERT_LOOKBACK_HOURS * 3_600_000).toISOString(), to: now.toISOString() };
    const { flags } = await findAnomalies(tx, range, config);
    const high = flags.filter((f) => f.severity === "high");
    if (high.length === 0) return 0;
    const fresh = await tx
      .insert(anomalyAlerts)
      .values(high.map((f) => ({ flagKey: flagKey(f), rule: f.rule, windowStart: new Date(f.windowStart) })))
      .onConflictDoNothing()
      .returning({ flagKey: anomalyAlerts.flagKey, rule: anomalyAlerts.rule });
    if (fresh.length === 0) return 0;
    const counts: Partial<Record<AnomalyRule, number>> = {};
    for (const { rule } of fresh) counts[rule as AnomalyRule] = (counts[rule as AnomalyRule] ?? 0) + 1;
    const auditors = await tx
      .select({ email: users.email, displayName: users.displayName })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(eq(memberships.role, "auditor"), isNull(users.disabledAt)));
    await enqueueEmails(tx, auditors.map((a) => anomalyAlertEmail(a, counts, range)));
    await emit(tx, ctx, { action: "anomaly.alert", outcome: "allowed", details: { flags: fresh.length, rules: counts, recipients: auditors.length } });
    return fresh.length;
  });
}
