import { StringDecoder } from "node:string_decoder";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { copyOutFor, rowsOf, type CopyOut, type Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { ChainedFields } from "./canonical";

export type ChainRow = Omit<ChainedFields, "seq"> & { seq: number | null; hash: string | null; chainVersion: number | null };

// Every field the chain covers, in this order. Times are read as text to the microsecond and ids as
// numbers, so both drivers (and COPY) hand the chain the same values.
const fieldNames = [
  "id", "seq", "occurredAt", "actorUserId", "actorOrgId", "actorRole", "action", "targetType", "targetId",
  "targetOrgId", "outcome", "purpose", "requestId", "clientIp", "userAgent", "details", "hash", "chainVersion",
] as const;
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

// The same fields for COPY, in their plain text forms (cheapest for the server to print); parseCopyRow
// turns them into the values above. The COPY session runs in UTC with ISO dates (db/client.ts).
const copyColumns = sql.join(
  [auditEvents.id, auditEvents.seq, auditEvents.occurredAt, auditEvents.actorUserId, auditEvents.actorOrgId, auditEvents.actorRole,
    auditEvents.action, auditEvents.targetType, auditEvents.targetId, auditEvents.targetOrgId, auditEvents.outcome, auditEvents.purpose,
    auditEvents.requestId, auditEvents.clientIp, auditEvents.userAgent, auditEvents.details, auditEvents.hash, auditEvents.chainVersion],
  sql`, `,
);

/** Audit rows with every field the chain covers, in a form identical on PGlite and postgres.js. */
export async function selectChainRows(db: Executor, where: SQL, orderBy: SQL, limit: number): Promise<ChainRow[]> {
  const rows = rowsOf<ChainRow & { details: unknown }>(
    await db.execute(sql`select ${columns} from ${auditEvents} where ${where} order by ${orderBy} limit ${limit}`),
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    seq: r.seq === null ? null : Number(r.seq),
    chainVersion: r.chainVersion === null ? null : Number(r.chainVersion),
    details: typeof r.details === "string" ? JSON.parse(r.details) : r.details,
  }));
}

/**
 * Every chained event from `fromSeq` on, in sequence order, in batches. On PostgreSQL the rows stream
 * through COPY (the fastest way out of the server), one range of sequence numbers per statement so that
 * no snapshot is held for the whole run — a long snapshot would stall the sequencer. Elsewhere, keyset
 * pages, the next one fetched while the caller works on the current one.
 */
export async function* chainedBatches(db: Executor, fromSeq: number, batchSize: number): AsyncGenerator<ChainRow[]> {
  const copyOut = copyOutFor(db);
  if (copyOut) {
    yield* copiedBatches(db, copyOut, fromSeq, batchSize);
    return;
  }
  const page = (from: number) => selectChainRows(db, sql`${auditEvents.seq} >= ${from}`, sql`${auditEvents.seq}`, batchSize);
  let next = page(fromSeq);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1)?.seq;
    if (rows.length === batchSize && last != null) next = page(last + 1);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
  }
}

// Rows per COPY statement: each statement has a snapshot of its own, so none is held for the whole run.
const COPY_RANGE = 250_000;

async function* copiedBatches(db: Executor, copyOut: CopyOut, fromSeq: number, batchSize: number) {
  const [head] = rowsOf<{ seq: string | number | null }>(await db.execute(sql`select max(${auditEvents.seq}) as seq from ${auditEvents}`));
  const lastSeq = Number(head?.seq ?? 0);
  for (let from = fromSeq; from <= lastSeq; from += COPY_RANGE) {
    const statement = sql`copy (select ${copyColumns} from ${auditEvents}
      where ${auditEvents.seq} >= ${sql.raw(String(from))} and ${auditEvents.seq} < ${sql.raw(String(from + COPY_RANGE))}
      order by ${auditEvents.seq}) to stdout`;
    let batch: ChainRow[] = [];
    for await (const lines of copyLines(copyOut(inlineSql(statement)))) {
      for (const line of lines) batch.push(parseCopyRow(line));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** The text of a statement that has no bound parameters (COPY takes none). */
function inlineSql(query: SQL): string {
  const { sql: text, params } = new PgDialect().sqlToQuery(query);
  if (params.length > 0) throw new Error("COPY statements take no parameters");
  return text;
}

/** The complete lines of each chunk, as one array per chunk (a promise per line would cost more than the line). */
async function* copyLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of chunks) {
    const lines = (rest + decoder.write(chunk)).split("\n");
    rest = lines.pop() ?? "";
    yield lines;
  }
  rest += decoder.end();
  if (rest !== "") yield [rest];
}

const escapes: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** One field of COPY's text format: `\N` is NULL; COPY TO escapes only backslash and these control characters. */
function copyField(raw: string): string | null {
  if (raw === "\\N") return null;
  if (!raw.includes("\\")) return raw;
  return raw.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}

/** "2026-11-28 01:02:03.4567+00" (UTC, ISO style, trailing zeros dropped) → "2026-11-28T01:02:03.456700Z". */
export function isoFromCopy(text: string): string {
  if (text.length < 22 || text[10] !== " " || text[19] !== (text.length === 22 ? "+" : ".") || !text.endsWith("+00")) {
    throw new Error(`unexpected time from COPY: ${text}`);
  }
  const fraction = text.length === 22 ? "" : text.slice(20, -3);
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction.padEnd(6, "0")}Z`;
}

function parseCopyRow(line: string): ChainRow {
  const f: (string | null)[] = line.split("\t");
  for (let i = 0; i < f.length; i++) f[i] = copyField(f[i]!);
  if (f.length !== fieldNames.length) throw new Error(`unexpected COPY row with ${f.length} fields`);
  const text = (i: number) => f[i] ?? null;
  const details = f[15] ?? null;
  return {
    id: Number(f[0]),
    seq: f[1] === null ? null : Number(f[1]),
    occurredAt: isoFromCopy(f[2]!),
    actorUserId: text(3),
    actorOrgId: text(4),
    actorRole: text(5),
    action: f[6]!,
    targetType: text(7),
    targetId: text(8),
    targetOrgId: text(9),
    outcome: f[10]!,
    purpose: text(11),
    requestId: text(12),
    clientIp: text(13),
    userAgent: text(14),
    details: details === null || details === "{}" ? {} : JSON.parse(details),
    hash: text(16),
    chainVersion: f[17] === null ? null : Number(f[17]),
  };
}
