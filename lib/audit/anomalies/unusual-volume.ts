import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { CONFIDENTIAL_READ_ACTIONS } from "./actions";
import { eventsLink, inRange, subjectOf, textList, type AnomalyRuleFn } from "./shared";

interface Row {
  actorUserId: string;
  actorEmail: string | null;
  orgId: string | null;
  action: string | null;
  count: number;
  windowStart: string;
  windowEnd: string;
}

/**
 * (a) Unusual access volume: more than ANOMALY_READS_PER_HOUR allowed reads of confidential content by
 * one user in one clock hour (Tokyo's hours are UTC's: the offset is whole). The window is the hour,
 * cut to the requested range, so the link finds exactly the events counted.
 */
export const unusualVolume: AnomalyRuleFn = async ({ db, range, config, limit }) => {
  const e = auditEvents;
  const hour = sql`date_trunc('hour', ${e.occurredAt} at time zone 'UTC')`;
  const rows = rowsOf<Row>(
    await db.execute(sql`
      with hours as (
        select ${e.actorUserId} as actor_user_id, ${hour} as hour, count(*)::int as count,
          case when count(distinct ${e.action}) = 1 then min(${e.action}) end as action,
          case when count(distinct ${e.actorOrgId}) = 1 then min(${e.actorOrgId}::text) end as org_id
        from ${e}
        where ${e.action} in ${textList(CONFIDENTIAL_READ_ACTIONS)} and ${e.outcome} = 'allowed' and ${e.actorUserId} is not null and ${inRange(range)}
        group by ${e.actorUserId}, ${hour}
        having count(*) > ${config.readsPerHour}::int
      )
      select h.actor_user_id::text as "actorUserId", ${users.email} as "actorEmail", h.org_id as "orgId", h.action as "action", h.count as "count",
        to_char(greatest(h.hour, (${range.from}::timestamptz at time zone 'UTC')), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "windowStart",
        to_char(least(h.hour + interval '1 hour' - interval '1 microsecond', (${range.to}::timestamptz at time zone 'UTC')), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "windowEnd"
      from hours h left join ${users} on ${users.id} = h.actor_user_id
      order by h.hour desc, h.count desc
      limit ${limit + 1}::int`),
  );
  return rows.map((row) => ({
    rule: "unusual_volume",
    severity: "high",
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    orgId: row.orgId,
    clientIp: null,
    attemptedEmail: null,
    action: row.action,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    count: Number(row.count),
    summary: `${Number(row.count)} reads of confidential content by ${subjectOf(row)} in one hour (more than ${config.readsPerHour}).`,
    eventsLink: eventsLink({ actor: row.actorUserId, action: row.action, outcome: "allowed", from: row.windowStart, to: row.windowEnd }),
  }));
};
