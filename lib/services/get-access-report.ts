import { asc, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { organisations } from "@/db/schema";
import { BREAK_GLASS_MARKER, REVIEW_ACTION } from "@/lib/audit/access-rollup";
import { CONFIDENTIAL_READ_ACTIONS } from "@/lib/audit/anomalies/actions";
import { eventsLink, utcText } from "@/lib/audit/anomalies/shared";
import { emit } from "@/lib/audit/emit";
import { GOVERNMENT_ROLES } from "@/lib/authz/policy";
import { ACCESS_REPORT_MAX_ROWS, accessReportQuerySchema, type AccessReport, type AccessReportRow } from "@/lib/schemas/access-report";
import type { ServiceCall } from "./context";
import { auditorQuery, readingAuditLog } from "./internal/audit-events";
import { withTx } from "./transaction";

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

type Split = { fullStart: string; fullEnd: string; firstDay: string; endDay: string };

/**
 * Where the range splits: the whole Tokyo days inside it, [fullStart, fullEnd) — read from the rollup as
 * far as it has read the chain — and the partial days at either end, scanned. No whole day: both bounds
 * are the first midnight after `from`, so the scans alone cover the range. It also sets the plan of the
 * report's statement (below). How far the rollup has read is not read here but in that statement.
 */
async function splitRange(tx: Executor, from: string, to: string): Promise<Split> {
  const [split] = rowsOf<Split>(
    await tx.execute(sql`with bounds as (
        select (date_trunc('day', (${from}::timestamptz - interval '1 microsecond') at time zone 'Asia/Tokyo') + interval '1 day') at time zone 'Asia/Tokyo' as s,
          date_trunc('day', (${to}::timestamptz + interval '1 microsecond') at time zone 'Asia/Tokyo') at time zone 'Asia/Tokyo' as e)
      select ${utcText(sql`s`)} as "fullStart", ${utcText(sql`greatest(s, e)`)} as "fullEnd",
        (s at time zone 'Asia/Tokyo')::date::text as "firstDay", (greatest(s, e) at time zone 'Asia/Tokyo')::date::text as "endDay",
        -- For the report's statement, later in this transaction: the planner cannot tell how many officials
        -- the counts hold and joined tens of thousands of them to the companies by nested loops (1 s at 100 k
        -- events against 0.2 s by hash joins).
        set_config('enable_nestloop', 'off', true)
      from bounds`),
  );
  return split!;
}

/** One official's accesses to one company from the events `where` selects, counted as the rollup counts them. */
const scanned = (where: SQL, organisation: string | undefined) => sql`
  select e.target_org_id as company_id, e.actor_user_id, e.actor_org_id, e.actor_role,
    count(*) filter (where e.action in (${list(CONFIDENTIAL_READ_ACTIONS)})) as reads,
    count(*) filter (where e.action = ${REVIEW_ACTION}) as reviews,
    count(*) filter (where e.outcome = 'denied') as denials,
    count(*) filter (where e.details @> ${BREAK_GLASS_MARKER}::jsonb) as break_glass,
    count(*) as total, min(e.occurred_at) as first_at, max(e.occurred_at) as last_at
  from audit_events e
  where e.actor_role in (${list(GOVERNMENT_ROLES)}) and e.target_org_id is not null and e.actor_user_id is not null and e.actor_org_id is not null
    ${organisation === undefined ? sql`` : sql`and e.target_org_id = ${organisation}`} and ${where}
  group by 1, 2, 3, 4`;

/**
 * The access report, for auditors only (anyone else: 404, audited): for each company, every official
 * who accessed its data within the range (default the last 30 days, at most 31), with how many reads,
 * reviews, refusals and break-glass openings, and the first and last access — the company's access log
 * with real identities, across companies. The input is the raw query, validated after the permission.
 * Whole Tokyo days come from the daily rollup (migration 0019, lib/audit/access-rollup.ts); the partial
 * days at the ends and the events the rollup has not read yet are scanned, so the counts are exact and
 * current whether or not the rollup has caught up. Producing it is recorded (`audit.access_report`) in
 * the auditor's transaction, which commits before the answer (the report itself may be read on the read
 * replica: `readingAuditLog`).
 */
export async function getAccessReport({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AccessReport> {
  return withTx(ctx, async (tx) => {
    const { organisation, from, to } = auditorQuery(ctx, "audit.read", accessReportQuerySchema, input);
    const { rows, companies } = await readingAuditLog(ctx, tx, (reader) => readAccessReport(reader, organisation, from, to));
    const shown = rows
      .slice(0, ACCESS_REPORT_MAX_ROWS)
      .map((row) => ({ ...row, eventsLink: eventsLink({ actor: row.actorUserId, organisation: row.companyId, from: row.first, to: row.last }) }));
    await emit(tx, ctx, {
      action: "audit.access_report",
      outcome: "allowed",
      details: { filters: { ...(organisation ? { organisation } : {}), from, to }, rows: shown.length },
    });
    return { organisation, from, to, rows: shown, truncated: rows.length > ACCESS_REPORT_MAX_ROWS, companies };
  });
}

/** The report's rows (one more than it shows, to tell it was cut) and the companies to choose from, read in one transaction. */
async function readAccessReport(tx: Executor, organisation: string | undefined, from: string, to: string) {
  const { fullStart, fullEnd, firstDay, endDay } = await splitRange(tx, from, to);
  const inRange = sql`e.occurred_at >= ${from}::timestamptz and e.occurred_at <= ${to}::timestamptz`;
  // The rollup's watermark is read in the statement that counts, so the daily sums and the scan of what
  // lies after the watermark see one snapshot. Read a statement earlier, a rollup pass committing between
  // the two (READ COMMITTED gives each statement its own snapshot) had its events both summed and scanned.
  const rows = rowsOf<Omit<AccessReportRow, "eventsLink">>(
    await tx.execute(sql`
      with watermark as (
        select through_seq from audit_access_rollup
      ), counts as (
        ${scanned(sql`${inRange} and e.occurred_at < ${fullStart}::timestamptz`, organisation)}
        union all
        ${scanned(sql`${inRange} and e.occurred_at >= ${fullEnd}::timestamptz`, organisation)}
        union all
        ${scanned(sql`e.occurred_at >= ${fullStart}::timestamptz and e.occurred_at < ${fullEnd}::timestamptz and (e.seq > (select through_seq from watermark) or e.seq is null)`, organisation)}
        union all
        select d.company_id, d.actor_user_id, d.actor_org_id, d.actor_role, sum(d.reads), sum(d.reviews), sum(d.denials), sum(d.break_glass),
          sum(d.total), min(d.first_at), max(d.last_at)
        from audit_access_daily d
        where d.day >= ${firstDay}::date and d.day < ${endDay}::date ${organisation === undefined ? sql`` : sql`and d.company_id = ${organisation}`}
        group by 1, 2, 3, 4
      ), merged as (
        select company_id, actor_user_id, actor_org_id, actor_role, sum(reads)::int as reads, sum(reviews)::int as reviews,
          sum(denials)::int as denials, sum(break_glass)::int as break_glass, sum(total)::int as total, min(first_at) as first_at, max(last_at) as last_at
        from counts group by 1, 2, 3, 4
      )
      select company.id as "companyId", company.name_en as "companyEn", company.name_ja as "companyJa", m.actor_user_id as "actorUserId",
        u.email as "actorEmail", agency.name_en as "agencyEn", agency.name_ja as "agencyJa", m.actor_role as role, m.reads, m.reviews,
        m.denials, m.break_glass as "breakGlass", m.total, ${utcText(sql`m.first_at`)} as first, ${utcText(sql`m.last_at`)} as last
      from merged m
      join organisations company on company.id = m.company_id and company.type = 'company'
      left join users u on u.id = m.actor_user_id
      left join organisations agency on agency.id = m.actor_org_id
      order by company.name_en, m.total desc, u.email
      limit ${ACCESS_REPORT_MAX_ROWS + 1}`),
  );
  const companies = await tx
    .select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa })
    .from(organisations)
    .where(eq(organisations.type, "company"))
    .orderBy(asc(organisations.nameEn));
  return { rows, companies };
}
