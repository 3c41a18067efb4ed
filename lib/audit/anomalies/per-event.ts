import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import type { AnomalyFlag } from "@/lib/schemas/anomaly-query";
import { detailsOf, eventsLink, inRange, utcText, type RuleInput } from "./shared";

// Rules that flag single events (outside assignment, break-glass, out-of-hours changes): the matching
// events, newest first, with what a flag about one of them needs.

export interface EventRow {
  id: number;
  occurredAt: string;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorEmail: string | null;
  orgId: string | null;
  targetType: string | null;
  targetId: string | null;
  clientIp: string | null;
  purpose: string | null;
  details: Record<string, unknown>;
}

export async function selectFlaggedEvents({ db, range, limit }: RuleInput, where: SQL): Promise<EventRow[]> {
  const e = auditEvents;
  const rows = rowsOf<EventRow & { details: unknown }>(
    await db.execute(sql`
      select ${e.id}::float8 as "id", ${utcText(sql`${e.occurredAt}`)} as "occurredAt", ${e.action} as "action", ${e.outcome} as "outcome",
        ${e.actorUserId}::text as "actorUserId", ${users.email} as "actorEmail", ${e.actorOrgId}::text as "orgId",
        ${e.targetType} as "targetType", ${e.targetId} as "targetId", ${e.clientIp} as "clientIp", ${e.purpose} as "purpose", ${e.details} as "details"
      from ${e} left join ${users} on ${users.id} = ${e.actorUserId}
      where ${inRange(range)} and ${where}
      order by ${e.occurredAt} desc, ${e.id} desc
      limit ${limit + 1}::int`),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), details: detailsOf(r.details) }));
}

/** A target for a summary: `type id`, or nothing. */
export function targetText(row: EventRow): string {
  return row.targetType ? ` on ${row.targetType} ${row.targetId ?? ""}`.trimEnd() : "";
}

/** The console's search for exactly one event: its actor, action, target and instant. */
export function singleEventLink(row: EventRow): string {
  return eventsLink({ actor: row.actorUserId, action: row.action, targetType: row.targetType, targetId: row.targetId, from: row.occurredAt, to: row.occurredAt });
}

/** A flag about one event: who, what and when come from the event; the rule adds its verdict. */
export function singleEventFlag(row: EventRow, verdict: Pick<AnomalyFlag, "rule" | "severity" | "summary">): AnomalyFlag {
  return {
    ...verdict,
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    orgId: row.orgId,
    clientIp: row.actorUserId ? null : row.clientIp,
    attemptedEmail: null,
    action: row.action,
    windowStart: row.occurredAt,
    windowEnd: row.occurredAt,
    count: 1,
    eventsLink: singleEventLink(row),
  };
}
