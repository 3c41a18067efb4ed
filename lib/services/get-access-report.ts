import { and, asc, desc, eq, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, organisations, users } from "@/db/schema";
import { BREAK_GLASS_DETAIL, CONFIDENTIAL_READ_ACTIONS } from "@/lib/audit/anomalies/actions";
import { eventsLink } from "@/lib/audit/anomalies/shared";
import { emit } from "@/lib/audit/emit";
import { GOVERNMENT_ROLES } from "@/lib/authz/policy";
import { ACCESS_REPORT_MAX_ROWS, accessReportQuerySchema, type AccessReport } from "@/lib/schemas/access-report";
import type { ServiceCall } from "./context";
import { auditorQuery } from "./internal/audit-events";
import { withTx } from "./transaction";

const e = auditEvents;
const company = alias(organisations, "company");
const agency = alias(organisations, "agency");

const counted = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;
const utcText = (instant: SQL | AnyColumn) => sql<string>`to_char(${instant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The access report, for auditors only (anyone else: 404, audited): for each company, every official
 * who accessed its data within the range (default the last 30 days, at most 31), with how many reads,
 * reviews, refusals and break-glass openings, and the first and last access — the company's access log
 * with real identities, across companies. The input is the raw query, validated after the permission.
 * Producing it is recorded (`audit.access_report`) in the same transaction.
 */
export async function getAccessReport({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<AccessReport> {
  return withTx(ctx, async (tx) => {
    const { organisation, from, to } = auditorQuery(ctx, "audit.read", accessReportQuerySchema, input);
    const rows = await tx
      .select({
        companyId: company.id,
        companyEn: company.nameEn,
        companyJa: company.nameJa,
        actorUserId: e.actorUserId,
        actorEmail: users.email,
        agencyEn: agency.nameEn,
        agencyJa: agency.nameJa,
        role: e.actorRole,
        reads: counted(inArray(e.action, [...CONFIDENTIAL_READ_ACTIONS])),
        reviews: counted(eq(e.action, "disclosure.review")),
        denials: counted(eq(e.outcome, "denied")),
        breakGlass: counted(sql`${e.details} @> ${JSON.stringify({ [BREAK_GLASS_DETAIL]: true })}::jsonb`),
        total: sql<number>`count(*)::int`,
        first: utcText(sql`min(${e.occurredAt})`),
        last: utcText(sql`max(${e.occurredAt})`),
      })
      .from(e)
      .innerJoin(company, and(eq(company.id, e.targetOrgId), eq(company.type, "company")))
      .leftJoin(users, eq(users.id, e.actorUserId))
      .leftJoin(agency, eq(agency.id, e.actorOrgId))
      .where(
        and(
          inArray(e.actorRole, [...GOVERNMENT_ROLES]),
          sql`${e.occurredAt} >= ${from}::timestamptz`,
          sql`${e.occurredAt} <= ${to}::timestamptz`,
          organisation === undefined ? undefined : eq(e.targetOrgId, organisation),
        ),
      )
      .groupBy(company.id, company.nameEn, company.nameJa, e.actorUserId, users.email, agency.nameEn, agency.nameJa, e.actorRole)
      .orderBy(asc(company.nameEn), desc(sql`count(*)`), asc(users.email))
      .limit(ACCESS_REPORT_MAX_ROWS + 1);
    const companies = await tx
      .select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa })
      .from(organisations)
      .where(eq(organisations.type, "company"))
      .orderBy(asc(organisations.nameEn));
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
