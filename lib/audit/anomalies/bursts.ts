import { sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { inRange, textList, type RuleInput } from "./shared";

// Bursts: at least `threshold` events of one key (an actor, an email, a client address) within
// `minutes`. Every event starts a window reaching just short of `minutes` after it; windows holding
// enough events are hot, and overlapping hot windows of a key merge into one burst, reported once with
// every event it spans. All of it runs in the database: window functions, then gaps and islands.

export interface BurstQuery {
  actions: readonly string[];
  /** The expression the events are grouped by; events where it is null are left out. */
  key: SQL;
  threshold: number;
  minutes: number;
}

export interface BurstRow {
  key: string;
  count: number;
  windowStart: string;
  windowEnd: string;
  /** Every action among the burst's events, distinct and sorted. */
  actions: string[];
  /** Each of these is set only when every event of the burst shares it. */
  action: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  orgId: string | null;
  targetType: string | null;
  targetId: string | null;
  clientIp: string | null;
  attemptedEmail: string | null;
}

/** The value of a column when every event of the group has the same one, else null. */
const shared = (column: string) => sql.raw(`case when count(${column}) = count(*) and count(distinct ${column}) = 1 then min(${column}) end`);

export async function selectBursts({ db, range, limit }: RuleInput, query: BurstQuery): Promise<BurstRow[]> {
  const e = auditEvents;
  const rows = rowsOf<Omit<BurstRow, "actions"> & { actions: string }>(
    await db.execute(sql`
      with n as (
        select ${e.id} as id, ${e.occurredAt} as occurred_at, ${e.action} as action, ${e.actorUserId}::text as actor_user_id,
               ${e.actorOrgId}::text as actor_org_id, ${e.targetType} as target_type, ${e.targetId} as target_id,
               ${e.clientIp} as client_ip, lower(${e.details} ->> 'email') as email, ${query.key} as k,
               row_number() over (partition by ${query.key} order by ${e.occurredAt}, ${e.id}) as rn
        from ${e}
        where ${e.action} in ${textList(query.actions)} and ${inRange(range)} and ${query.key} is not null
      ),
      w as (
        select k, count(*) over win as cnt, min(rn) over win as first_rn, max(rn) over win as last_rn
        from n
        window win as (partition by k order by occurred_at
          range between current row and make_interval(mins => ${query.minutes}::int) - interval '1 microsecond' following)
      ),
      hot as (select distinct k, first_rn, last_rn from w where cnt >= ${query.threshold}::int),
      marked as (
        select k, first_rn, last_rn,
          case when first_rn <= max(last_rn) over (partition by k order by first_rn, last_rn rows between unbounded preceding and 1 preceding)
            then 0 else 1 end as starts
        from hot
      ),
      grouped as (select k, first_rn, last_rn, sum(starts) over (partition by k order by first_rn, last_rn rows unbounded preceding) as g from marked),
      spans as (select k, g, min(first_rn) as a, max(last_rn) as b from grouped group by k, g),
      bursts as (
        select s.k as key, count(*)::int as count, min(n.occurred_at) as first_at, max(n.occurred_at) as last_at,
          string_agg(distinct n.action, ',' order by n.action) as actions,
          ${shared("n.action")} as action, ${shared("n.actor_user_id")} as actor_user_id, ${shared("n.actor_org_id")} as org_id,
          case when count(n.target_id) = count(*) and count(distinct n.target_type || ' ' || n.target_id) = 1 then min(n.target_type) end as target_type,
          case when count(n.target_id) = count(*) and count(distinct n.target_type || ' ' || n.target_id) = 1 then min(n.target_id) end as target_id,
          ${shared("n.client_ip")} as client_ip, ${shared("n.email")} as email
        from spans s join n on n.k = s.k and n.rn between s.a and s.b
        group by s.k, s.g
      )
      select b.key as "key", b.count as "count",
        to_char(b.first_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "windowStart",
        to_char(b.last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "windowEnd",
        b.actions as "actions", b.action as "action", b.actor_user_id as "actorUserId", ${users.email} as "actorEmail", b.org_id as "orgId",
        b.target_type as "targetType", b.target_id as "targetId", b.client_ip as "clientIp", b.email as "attemptedEmail"
      from bursts b left join ${users} on ${users.id}::text = b.actor_user_id
      order by b.last_at desc, b.key
      limit ${limit + 1}::int`),
  );
  return rows.map((r) => ({ ...r, count: Number(r.count), actions: r.actions.split(",") }));
}
