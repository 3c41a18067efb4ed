import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { readReplicaOf, type Executor, type Tx } from "@/db/client";
import { auditEvents, users } from "@/db/schema";
import { requirePermission, type Permission } from "@/lib/authz/policy";
import { englishMessage } from "@/lib/i18n/validation";
import { fieldErrorsOf } from "@/lib/schemas/field-errors";
import { actionParameter, type AuditCursor, type AuditEventRecord, type AuditFilters } from "@/lib/schemas/audit-search";
import type { RequestContext } from "../context";
import { ValidationError } from "../errors";

// The auditor's view of the log: every column of the event, and the actor's email. Read only through
// the audit services, which check the permission first.

const columns = {
  id: auditEvents.id,
  // Text to the microsecond: a JavaScript Date keeps milliseconds only, and the cursor must not lose any.
  occurredAt: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  actorUserId: auditEvents.actorUserId,
  actorEmail: users.email,
  actorOrgId: auditEvents.actorOrgId,
  actorRole: auditEvents.actorRole,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  targetOrgId: auditEvents.targetOrgId,
  outcome: auditEvents.outcome,
  purpose: auditEvents.purpose,
  requestId: auditEvents.requestId,
  clientIp: auditEvents.clientIp,
  userAgent: auditEvents.userAgent,
  details: auditEvents.details,
  seq: auditEvents.seq,
  chainVersion: auditEvents.chainVersion,
  hash: auditEvents.hash,
};

/**
 * An auditor's query (search, export, anomalies, access report): the permission first — anyone else gets
 * 404, audited — then the raw values checked against `schema`, so a caller without it learns nothing from
 * the filters' errors. A refusal is 422 with each filter's path and its message in English.
 */
export function auditorQuery<S extends z.ZodType>(ctx: RequestContext, permission: Permission, schema: S, input: unknown): z.output<S> {
  requirePermission(ctx, permission, undefined, { hidden: true });
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error, "(query)").map((e) => ({ ...e, message: englishMessage(e.message) })));
  return parsed.data;
}

/**
 * Runs an auditor's read of the log on the read replica when the database has one (SPEC §8; in a
 * transaction there, so its statements share one snapshot and its settings), else in the caller's
 * transaction `tx`. What the caller records of the read is still written in `tx`, on the primary, and
 * commits before the answer. A replica may lag the primary by a moment: the newest events then show a
 * moment later.
 */
export function readingAuditLog<T>(ctx: RequestContext, tx: Tx, read: (reader: Executor) => Promise<T>): Promise<T> {
  const replica = readReplicaOf(ctx.db);
  return replica ? replica.transaction((replicaTx) => read(replicaTx)) : read(tx);
}

/** Where an auditor's reads of the log that need no transaction go: the read replica if any, else `db`. */
export function auditLogReader(db: Executor): Executor {
  return readReplicaOf(db) ?? db;
}

/**
 * The filters a caller actually gave, as an audit event records them: absent ones left out, the actions
 * as the query parameter takes them (one action stays recorded as it always was).
 */
export function givenFilters(filters: AuditFilters): Record<string, unknown> {
  const given = Object.entries(filters).filter(([, value]) => value !== undefined);
  return Object.fromEntries(given.map(([key, value]) => [key, key === "action" ? actionParameter(value as string[]) : value]));
}

function filterConditions(filters: Omit<AuditFilters, "organisation" | "action">): (SQL | undefined)[] {
  return [
    filters.actor === undefined ? undefined : eq(auditEvents.actorUserId, filters.actor),
    filters.targetType === undefined ? undefined : eq(auditEvents.targetType, filters.targetType),
    filters.targetId === undefined ? undefined : eq(auditEvents.targetId, filters.targetId),
    filters.outcome === undefined ? undefined : eq(auditEvents.outcome, filters.outcome),
    filters.clientIp === undefined ? undefined : eq(auditEvents.clientIp, filters.clientIp),
    filters.from === undefined ? undefined : sql`${auditEvents.occurredAt} >= ${filters.from}::timestamptz`,
    filters.to === undefined ? undefined : sql`${auditEvents.occurredAt} <= ${filters.to}::timestamptz`,
  ];
}

/**
 * Up to `limit` matching events after `after`, newest first. Keyset pagination on (occurred_at, id):
 * each page costs the same however deep it is, and events appended meanwhile never shift a page.
 */
export async function selectAuditEvents(
  db: Executor,
  filters: AuditFilters,
  after: AuditCursor | undefined,
  limit: number,
): Promise<AuditEventRecord[]> {
  const keyset = after
    ? sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (${after.occurredAt}::timestamptz, ${after.id}::bigint)`
    : undefined;
  const { organisation, action, ...rest } = filters;
  const page = (side?: SQL) =>
    db
      .select(columns)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(and(...filterConditions(rest), side, keyset))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(limit);
  // "Actor's or target's organisation", and "any of these actions": one index-ordered page from each side
  // (the sides never overlap), merged. An OR or an IN over them would read and sort every event of the
  // organisation or of the actions, which grows with the log. The two organisation sides are read at once,
  // the actions of each one after the other: an export, outside a transaction, holds two connections at most.
  const orgSides: (SQL | undefined)[] =
    organisation === undefined
      ? [undefined]
      : [eq(auditEvents.actorOrgId, organisation), and(eq(auditEvents.targetOrgId, organisation), sql`${auditEvents.actorOrgId} is distinct from ${organisation}`)];
  const actionSides: (SQL | undefined)[] = action === undefined ? [undefined] : action.map((a) => eq(auditEvents.action, a));
  if (orgSides.length === 1 && actionSides.length === 1) return (await page(and(orgSides[0], actionSides[0]))).map(toRecord);
  const pages = await Promise.all(
    orgSides.map(async (orgSide) => {
      const found: Awaited<ReturnType<typeof page>> = [];
      for (const actionSide of actionSides) found.push(...(await page(and(orgSide, actionSide))));
      return found;
    }),
  );
  return pages
    .flat()
    .sort((a, b) => (a.occurredAt === b.occurredAt ? b.id - a.id : a.occurredAt < b.occurredAt ? 1 : -1))
    .slice(0, limit)
    .map(toRecord);
}

export async function selectAuditEvent(db: Executor, id: number): Promise<AuditEventRecord | null> {
  const [row] = await db.select(columns).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorUserId)).where(eq(auditEvents.id, id));
  return row ? toRecord(row) : null;
}

function toRecord(row: Omit<AuditEventRecord, "details"> & { details: Record<string, unknown> | null }): AuditEventRecord {
  return { ...row, details: row.details ?? {} };
}
