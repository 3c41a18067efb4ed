import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { CONFIDENTIAL_READ_ACTIONS } from "./actions";
import { selectBursts } from "./bursts";
import { eventsLink, subjectOf, type AnomalyRuleFn } from "./shared";

/**
 * (a) Unusual access volume: more than ANOMALY_READS_PER_HOUR allowed reads of confidential content by
 * one user within any sixty minutes (a sliding window, as the bursts: counted per clock hour, twice the
 * limit read across a change of hour went unflagged). Overlapping windows merge into one flag, whose link
 * finds every read it spans and nothing else: it names the read actions among them, however mixed.
 */
export const unusualVolume: AnomalyRuleFn = async (input) => {
  const { readsPerHour } = input.config;
  const e = auditEvents;
  const key = sql`case when ${e.outcome} = 'allowed' then ${e.actorUserId}::text end`;
  const rows = await selectBursts(input, { actions: CONFIDENTIAL_READ_ACTIONS, key, threshold: readsPerHour + 1, minutes: 60 });
  return rows.map((row) => ({
    rule: "unusual_volume",
    severity: "high",
    actorUserId: row.key,
    actorEmail: row.actorEmail,
    orgId: row.orgId,
    clientIp: null,
    attemptedEmail: null,
    action: row.action,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    count: row.count,
    summary: `${row.count} reads of confidential content by ${subjectOf({ ...row, actorUserId: row.key })}, more than ${readsPerHour} within an hour.`,
    eventsLink: eventsLink({ actor: row.key, action: row.actions, outcome: "allowed", from: row.windowStart, to: row.windowEnd }),
  }));
};
