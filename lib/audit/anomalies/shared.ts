import { sql, type SQL } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { AnomalyFlag, AnomalyRange } from "@/lib/schemas/anomaly-query";
import { actionParameter } from "@/lib/schemas/audit-search";
import type { AnomalyConfig } from "./config";

/** What every rule is given: where to look, over which range, with which thresholds, and how many flags at most. */
export interface RuleInput {
  db: Executor;
  range: AnomalyRange;
  config: AnomalyConfig;
  /** The rule answers at most this many flags plus one, so the caller can tell that it cut the list. */
  limit: number;
}

export type AnomalyRuleFn = (input: RuleInput) => Promise<AnomalyFlag[]>;

/** A timestamptz as text in UTC to the microsecond: what the console's search takes back exactly. */
export function utcText(expression: SQL): SQL<string> {
  return sql<string>`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function inRange(range: AnomalyRange): SQL {
  return sql`${auditEvents.occurredAt} >= ${range.from}::timestamptz and ${auditEvents.occurredAt} <= ${range.to}::timestamptz`;
}

/** A list of constants as `('a', 'b')`; the values are the rules' own constants, never input. */
export function textList(values: readonly string[]): SQL {
  return sql.raw(`(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")})`);
}

export interface LinkFilters {
  actor?: string | null;
  organisation?: string | null;
  /** One action, or several: the search finds events with any of them. */
  action?: string | readonly string[] | null;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: string | null;
  clientIp?: string | null;
  from: string;
  to: string;
}

/** The auditor console's search for a flag's (or a report row's) events: every filter that all of them share. */
export function eventsLink(filters: LinkFilters): string {
  const query = new URLSearchParams();
  for (const key of ["actor", "organisation", "action", "targetType", "targetId", "outcome", "clientIp", "from", "to"] as const) {
    const given = filters[key];
    const value = typeof given === "string" || !given ? given : actionParameter(given);
    if (value) query.set(key, value);
  }
  return `/oversight/events?${query.toString()}`;
}

/** Who a flag is about, for its summary. */
export function subjectOf(row: { actorEmail: string | null; actorUserId: string | null; clientIp?: string | null }): string {
  return row.actorEmail ?? row.actorUserId ?? (row.clientIp ? `client ${row.clientIp}` : "an anonymous caller");
}

/** `details` from either driver: an object on both in practice, a JSON string on some paths. */
export function detailsOf(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return JSON.parse(value) as Record<string, unknown>;
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
