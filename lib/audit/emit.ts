import { getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { auditEvents } from "@/db/schema";
import { perDatabase, type Executor } from "@/db/client";
import { compileStatement } from "@/db/compiled-query";
import type { RequestContext } from "@/lib/services/context";
import { auditEventSchema, type AuditEvent } from "./events";

type AuditRow = typeof auditEvents.$inferInsert;

/** Target ids are indexed: a B-tree entry must stay well under PostgreSQL's 2,704-byte limit. */
export const AUDIT_TARGET_ID_MAX = 500;

/**
 * Text as PostgreSQL can store it. A refused attempt records what the caller sent (an id from the path,
 * a purpose from the query), and that may hold U+0000, which neither text nor jsonb accepts, or an
 * unpaired surrogate, which jsonb refuses and text would change: each is kept as U+FFFD, so the stored
 * event is the one that was hashed. Beyond `max` characters the text is cut and marked with an ellipsis.
 */
export function storableText(text: string, max = Infinity): string {
  const clean = text.replaceAll("\u0000", "\ufffd").toWellFormed();
  if (clean.length <= max) return clean;
  // A cut between the two halves of a surrogate pair would leave an unpaired one, which jsonb refuses.
  const end = isHighSurrogate(clean.charCodeAt(max - 2)) ? max - 2 : max - 1;
  return `${clean.slice(0, end)}…`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** How long a refused request's `attempted` may be (an anonymous caller's 16 kB path was an event of 16 kB in a log nobody may prune). */
export const ATTEMPTED_MAX = 300;

/**
 * What a refused request asked for, as the audit log names it — by an API route or a page alike: the method and
 * the path, never the query (it may hold what was searched for), cut at `ATTEMPTED_MAX` characters.
 */
export function attemptedRequest(method: string, pathWithQuery: string): string {
  const query = pathWithQuery.indexOf("?");
  return storableText(`${method} ${query === -1 ? pathWithQuery : pathWithQuery.slice(0, query)}`, ATTEMPTED_MAX);
}

function storableDetails(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableDetails);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableDetails(v)]));
  return value;
}

/** The row of one event: validated against its kind, with the actor and request taken from the context. */
function auditRow(ctx: RequestContext, event: AuditEvent): AuditRow {
  const parsed = auditEventSchema.parse(event);
  const actor = ctx.actor;
  const text = (value: string | undefined | null, max?: number) => (value == null ? null : storableText(value, max));
  return {
    actorUserId: actor?.userId ?? null,
    actorOrgId: actor?.orgId ?? null,
    actorRole: actor?.role ?? null,
    action: parsed.action,
    targetType: text(parsed.target?.type),
    targetId: text(parsed.target?.id, AUDIT_TARGET_ID_MAX),
    targetOrgId: parsed.target?.orgId ?? null,
    outcome: parsed.outcome,
    purpose: text(parsed.purpose),
    requestId: ctx.requestId,
    clientIp: ctx.clientIp ?? null,
    userAgent: text(ctx.userAgent?.slice(0, 512)),
    details: storableDetails({ ...parsed.details, ...(actor?.tokenId ? { viaToken: actor.tokenId } : {}) }) as Record<string, unknown>,
  };
}

// What the log's writers fill in; the database adds id, occurred_at and tx_id, the sequencer the chain.
const filledElsewhere = new Set(["id", "occurredAt", "txId", "seq", "chainVersion", "hash"]);
const writtenColumns = Object.entries(getTableColumns(auditEvents)).filter(([key]) => !filledElsewhere.has(key));
/** The columns every audit write names: all that the application's roles may INSERT (migration 0025). */
export const auditWrittenColumns: readonly string[] = writtenColumns.map(([, c]) => c.name);

// Every write of audit events is this one statement, whatever the number of rows: the rows travel as one
// JSON parameter (storableText keeps them valid jsonb), so each connection prepares it once. A multi-row
// VALUES list would be a new statement for every batch size, and building it through the query builder
// cost ~40 µs of the server's CPU per row.
const insertAuditRowsStatement = compileStatement(
  "audit_insert_rows",
  sql`${sql.raw(`insert into "${getTableName(auditEvents)}" (${writtenColumns.map(([, c]) => `"${c.name}"`).join(", ")})
   select ${writtenColumns.map(([key]) => `r."${key}"`).join(", ")}
   from jsonb_to_recordset(`)}${sql.placeholder("rows")}${sql.raw(`::jsonb) as r(${writtenColumns.map(([key, c]) => `"${key}" ${c.getSQLType()}`).join(", ")})`)}`,
);

async function insertAuditRows(db: Executor, rows: AuditRow[]): Promise<void> {
  await insertAuditRowsStatement.run(db, { rows: JSON.stringify(rows) });
}

/**
 * Appends one audit event inside the caller's transaction, so the event and the change it records commit
 * together or not at all: if this insert fails, the caller's transaction fails with it.
 */
export async function emit(tx: Executor, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await insertAuditRows(tx, [auditRow(ctx, event)]);
}

// Group commit (README, "The audit log"): an event that records no business change — a read of
// confidential data, a refused attempt — has no transaction of its own to join. Instead of one INSERT and
// one commit per request, the events of concurrent requests queue while the previous batch is being
// written and are then written together: one statement, one commit. Each caller's promise settles when
// its batch has committed, so no response goes out before its event is durable, and a failed batch fails
// every request in it.
const MAX_BATCH = 500;

interface Pending {
  row: AuditRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

class GroupCommit {
  private queue: Pending[] = [];
  private writing = false;

  constructor(private readonly db: Executor) {}

  append(row: AuditRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await insertAuditRows(this.db, batch.map((p) => p.row));
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

/**
 * Records an event that stands on its own (no business change to commit with), durably, before the
 * caller answers. On the process's database the event joins the group commit; inside a transaction
 * (a test's, or a caller's own) it is written there.
 */
export async function emitDurably(ctx: RequestContext, event: AuditEvent): Promise<void> {
  const row = auditRow(ctx, event);
  if (is(ctx.db, PgTransaction)) {
    await insertAuditRows(ctx.db, [row]);
    return;
  }
  // One group per database object (perDatabase), however many server chunks hold this module.
  const group = perDatabase(ctx.db, "auditGroupCommit", () => new GroupCommit(ctx.db));
  await group.append(row);
}
