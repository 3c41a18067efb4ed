import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { auditEvents, organisations } from "@/db/schema";
import { COMPANY_ROLES, GOVERNMENT_ROLES } from "@/lib/authz/policy";
import type { AccessLogEntry, AccessLogFilters } from "@/lib/schemas/disclosure";
import { pseudonym } from "./disclosures";

const agency = alias(organisations, "agency");

/** An access opened with break-glass: outside assignment, on a written justification. */
const breakGlass = sql<boolean>`${auditEvents.details} @> '{"breakGlass": true}'`;

/** Who acted, as the company is told: government staff by their agency; anyone else only by kind, never named. */
const partyOf = sql<AccessLogEntry["party"]>`case
  when ${auditEvents.actorRole} in (${sql.join(GOVERNMENT_ROLES.map((r) => sql`${r}`), sql`, `)}) then 'government'
  when ${auditEvents.actorRole} in (${sql.join(COMPANY_ROLES.map((r) => sql`${r}`), sql`, `)}) then 'another_company'
  when ${auditEvents.actorRole} = 'platform_admin' then 'platform_operator'
  when ${auditEvents.actorRole} = 'auditor' then 'audit_body'
  else 'unknown' end`;

/** Where a page of the access log ends: the next page starts after it. */
export type AccessLogPosition = Pick<AccessLogEntry, "occurredAt" | "id">;

/**
 * One page of a company's access log, newest first: every access by government staff to the company's
 * data, and every attempt on it refused to anyone outside the company, matching the filters and after
 * `after`. Officials appear under a stable pseudonym, except where the entry itself would tell who they
 * are (a conflict they declared with the company, most often as its former employee).
 */
export async function selectAccessLog(db: Executor, companyId: string, filters: AccessLogFilters, after: AccessLogPosition | undefined, limit: number): Promise<AccessLogEntry[]> {
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      actorUserId: auditEvents.actorUserId,
      role: auditEvents.actorRole,
      party: partyOf,
      agencyEn: agency.nameEn,
      agencyJa: agency.nameJa,
      purpose: auditEvents.purpose,
      breakGlass,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
    })
    .from(auditEvents)
    .leftJoin(agency, eq(agency.id, auditEvents.actorOrgId))
    .where(
      and(
        eq(auditEvents.targetOrgId, companyId),
        or(
          inArray(auditEvents.actorRole, [...GOVERNMENT_ROLES]),
          and(eq(auditEvents.outcome, "denied"), sql`${auditEvents.actorOrgId} is distinct from ${companyId}::uuid`),
        ),
        filters.breakGlass ? breakGlass : undefined,
        filters.from ? sql`${auditEvents.occurredAt} >= ${filters.from}::timestamptz` : undefined,
        filters.to ? sql`${auditEvents.occurredAt} <= ${filters.to}::timestamptz` : undefined,
        after ? sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (${after.occurredAt}::timestamptz, ${after.id}::bigint)` : undefined,
      ),
    )
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurredAt,
    action: r.action,
    outcome: r.outcome,
    party: r.party,
    agency: r.party === "government" && r.agencyEn && r.agencyJa ? { en: r.agencyEn, ja: r.agencyJa } : null,
    role: r.role,
    official: r.party === "government" && r.actorUserId && r.action !== "conflict.declare" ? pseudonym(r.actorUserId, companyId) : "—",
    purpose: r.purpose,
    breakGlass: r.breakGlass,
    target: { type: r.targetType, id: r.targetId },
  }));
}
