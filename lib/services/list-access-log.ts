import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, organisations } from "@/db/schema";
import { COMPANY_ROLES, GOVERNMENT_ROLES, requirePermission } from "@/lib/authz/policy";
import { encodeCursor } from "@/lib/schemas/audit-search";
import { englishMessage } from "@/lib/i18n/validation";
import { fieldErrorsOf } from "@/lib/schemas/field-errors";
import { accessLogQuerySchema, type AccessLogEntry } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { pseudonym } from "./internal/disclosures";
import { withTx } from "./transaction";

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

/**
 * Access transparency: every access by government staff to the caller's company data (reads, reviews,
 * refusals), and every attempt on it refused to anyone outside the company (another company's user, the
 * platform's operator, an auditor: shown by kind, not named), newest first, with the agency, role and
 * purpose, break-glass marked (`breakGlass: "true"`: those alone; `from`, `to`: within a time range).
 * Officials appear under a stable pseudonym — except where the entry itself would tell who they are (a
 * conflict they declared with the company, most often as its former employee); auditors see who they are
 * in the audit console.
 */
export async function listAccessLog({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "access_log.read_own");
    const parsed = accessLogQuerySchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error, "(query)").map((e) => ({ ...e, message: englishMessage(e.message) })));
    const { limit, cursor: after } = parsed.data;
    const rows = await tx
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
          eq(auditEvents.targetOrgId, actor.orgId),
          or(
            inArray(auditEvents.actorRole, [...GOVERNMENT_ROLES]),
            and(eq(auditEvents.outcome, "denied"), sql`${auditEvents.actorOrgId} is distinct from ${actor.orgId}::uuid`),
          ),
          parsed.data.breakGlass ? breakGlass : undefined,
          parsed.data.from ? sql`${auditEvents.occurredAt} >= ${parsed.data.from}::timestamptz` : undefined,
          parsed.data.to ? sql`${auditEvents.occurredAt} <= ${parsed.data.to}::timestamptz` : undefined,
          after ? sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (${after.occurredAt}::timestamptz, ${after.id}::bigint)` : undefined,
        ),
      )
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        occurredAt: r.occurredAt,
        action: r.action,
        outcome: r.outcome,
        party: r.party,
        agency: r.party === "government" && r.agencyEn && r.agencyJa ? { en: r.agencyEn, ja: r.agencyJa } : null,
        role: r.role,
        official: r.party === "government" && r.actorUserId && r.action !== "conflict.declare" ? pseudonym(r.actorUserId, actor.orgId) : "—",
        purpose: r.purpose,
        breakGlass: r.breakGlass,
        target: { type: r.targetType, id: r.targetId },
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ occurredAt: last.occurredAt, id: last.id }) : null,
    };
  });
}
