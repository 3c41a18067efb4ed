import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { compileStatement } from "@/db/compiled-query";
import { auditEvents } from "@/db/schema";
import type { ChainedFields } from "./canonical";

export type ChainRow = Omit<ChainedFields, "seq"> & { seq: number | null; hash: string | null; chainVersion: number | null };

// Every field the chain covers. Times are read as text to the microsecond and ids as numbers, so both
// drivers hand the chain the same values.
const columns = sql`
  ${auditEvents.id}::float8 as "id",
  ${auditEvents.seq}::float8 as "seq",
  to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
  ${auditEvents.actorUserId}::text as "actorUserId",
  ${auditEvents.actorOrgId}::text as "actorOrgId",
  ${auditEvents.actorRole} as "actorRole",
  ${auditEvents.action} as "action",
  ${auditEvents.targetType} as "targetType",
  ${auditEvents.targetId} as "targetId",
  ${auditEvents.targetOrgId}::text as "targetOrgId",
  ${auditEvents.outcome} as "outcome",
  ${auditEvents.purpose} as "purpose",
  ${auditEvents.requestId} as "requestId",
  ${auditEvents.clientIp} as "clientIp",
  ${auditEvents.userAgent} as "userAgent",
  ${auditEvents.details} as "details",
  ${auditEvents.hash} as "hash",
  ${auditEvents.chainVersion} as "chainVersion"`;

// The same fields for COPY in binary format, which copy-links.ts reads as bytes: binary numbers, uuids
// and times cost the server far less to send than their text forms; details go as jsonb's text, which
// costs it about a tenth less than binary jsonb (a version byte before the same text).
export const copyColumns = sql.join(
  [auditEvents.id, auditEvents.seq, auditEvents.occurredAt, auditEvents.actorUserId, auditEvents.actorOrgId, auditEvents.actorRole,
    auditEvents.action, auditEvents.targetType, auditEvents.targetId, auditEvents.targetOrgId, auditEvents.outcome, auditEvents.purpose,
    auditEvents.requestId, auditEvents.clientIp, auditEvents.userAgent, sql`${auditEvents.details}::text`, auditEvents.hash, auditEvents.chainVersion],
  sql`, `,
);

/** Audit rows with every field the chain covers, in a form identical on PGlite and postgres.js. */
export async function selectChainRows(db: Executor, where: SQL, orderBy: SQL, limit: number): Promise<ChainRow[]> {
  return chainRowsOf(await db.execute(sql`select ${columns} from ${auditEvents} where ${where} order by ${orderBy} limit ${limit}`));
}

function chainRowsOf(result: unknown): ChainRow[] {
  return rowsOf<ChainRow & { details: unknown }>(result).map((r) => ({
    ...r,
    id: Number(r.id),
    seq: r.seq === null ? null : Number(r.seq),
    chainVersion: r.chainVersion === null ? null : Number(r.chainVersion),
    details: typeof r.details === "string" ? JSON.parse(r.details) : r.details,
  }));
}

// The sequencer's search for events to chain, prepared: it runs twice a second on every server, over
// every month's partition, and planning it anew cost more than running it (3 ms with 4 partitions, 5 ms
// with 51, against well under 1 ms to run).
const pendingRowsStatement = compileStatement(
  "audit_pending_rows",
  sql`select ${columns} from ${auditEvents}
    where ${auditEvents.seq} is null and ${auditEvents.txId} < pg_snapshot_xmin(pg_current_snapshot())
    order by ${auditEvents.id} limit ${sql.placeholder("limit")}`,
);

/**
 * Events whose writing transaction has ended — every transaction older than the oldest one still
 * running — and that are not chained yet, in id order: what the sequencer chains next.
 */
export async function pendingChainRows(db: Executor, limit: number): Promise<ChainRow[]> {
  return chainRowsOf(await pendingRowsStatement.run(db, { limit }));
}

/**
 * Every chained event from `fromSeq` on, in sequence order, in keyset pages (the next fetched while the
 * caller works). The keyset is (seq, id): seq alone is not unique (only the sequencer keeps it so, and
 * verification is there to catch a duplicate), and a page that resumed after the last seq would skip a
 * second row with that seq at every page boundary.
 */
export async function* chainedBatches(db: Executor, fromSeq: number, batchSize: number): AsyncGenerator<ChainRow[]> {
  const page = (after: { seq: number; id: number } | null) =>
    selectChainRows(
      db,
      after === null
        ? sql`${auditEvents.seq} >= ${fromSeq}`
        : sql`${auditEvents.seq} >= ${after.seq} and (${auditEvents.seq}, ${auditEvents.id}) > (${after.seq}, ${after.id})`,
      sql`${auditEvents.seq}, ${auditEvents.id}`,
      batchSize,
    );
  let next = page(null);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    if (rows.length === batchSize && last?.seq != null) next = page({ seq: last.seq, id: last.id });
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
  }
}
