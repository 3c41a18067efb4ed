import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { copyOutFor, rowsOf, type CopyOut, type Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { chainDigest, GENESIS_HASH, type ChainedFields } from "./canonical";
import { chainedBatches, copyColumns } from "./chain-rows";
import { CopyLinkChecker, type Link } from "./copy-links";

export type { Link };

// Sequence numbers per COPY statement: each statement has a snapshot of its own, so none is held for the
// whole run (a long snapshot would stall the sequencer).
const COPY_RANGE = 250_000;

/** A link as verification sees it: `headHash()` is the link's stored hash, which is known only when it matches. */
export interface CheckedLink extends Readonly<Link> {
  headHash(): string;
}

/** Sequence numbers [from, to) of the chain; `to` null for "to the end". */
export interface LinkRange {
  from: number;
  to: number | null;
}

/** Takes the links of one range in order; returns false to stop reading that range. */
export type RangeVisitor = (link: CheckedLink) => boolean;

/**
 * Every link of the chain recomputed, range by range, each range's links in sequence order. A link is
 * checked against the stored hash before it — which the link before it checked — so ranges can be read
 * at the same time: on PostgreSQL two COPY streams in binary format (two server processes producing
 * rows for one verifier), elsewhere the whole chain as one range of keyset pages. `visit` makes the
 * visitor of each range; reading stops after the first range whose visitor stopped.
 */
export async function checkLinkRanges(
  db: Executor,
  visit: (range: LinkRange) => RangeVisitor,
  options: { batchSize: number; rangeSize?: number; onRange?: () => void },
): Promise<void> {
  const rangeSize = options.rangeSize ?? COPY_RANGE;
  const copyOut = copyOutFor(db);
  if (!copyOut) {
    await pagedLinks(db, visit({ from: 1, to: null }), options.batchSize);
    options.onRange?.();
    return;
  }
  const [head] = rowsOf<{ seq: string | number | null }>(await db.execute(sql`select max(${auditEvents.seq}) as seq from ${auditEvents}`));
  const lastSeq = Number(head?.seq ?? 0);
  const ranges: LinkRange[] = [];
  for (let from = 1; from <= lastSeq; from += rangeSize) ranges.push({ from, to: from + rangeSize > lastSeq ? null : from + rangeSize });
  if (ranges.length === 0) ranges.push({ from: 1, to: null });
  for (let i = 0; i < ranges.length; i += PARALLEL_STREAMS) {
    const batch = ranges.slice(i, i + PARALLEL_STREAMS);
    const completed = await Promise.all(batch.map((range) => copiedLinks(db, copyOut, range, visit(range))));
    options.onRange?.();
    if (completed.some((done) => !done)) return;
  }
}

// COPY streams read at once: the server's work per row is then shared by two of its processes.
const PARALLEL_STREAMS = 2;

async function pagedLinks(db: Executor, visitor: RangeVisitor, batchSize: number): Promise<void> {
  let previous: Buffer = Buffer.from(GENESIS_HASH, "hex");
  for await (const rows of chainedBatches(db, 1, batchSize)) {
    for (const row of rows) {
      const digest = chainDigest(previous, row as ChainedFields);
      const matches = row.hash !== null && digest.equals(Buffer.from(row.hash, "hex"));
      if (matches) previous = digest;
      if (!visitor({ seq: row.seq!, id: row.id, chainVersion: row.chainVersion, matches, headHash: () => row.hash! })) return;
    }
  }
}

/** The stored hash just before `from` (the genesis hash before the first event); a missing one is the range before's to report. */
async function hashBefore(db: Executor, from: number): Promise<Buffer> {
  if (from <= 1) return Buffer.from(GENESIS_HASH, "hex");
  const [row] = rowsOf<{ hash: string | null }>(
    await db.execute(sql`select ${auditEvents.hash} as hash from ${auditEvents} where ${auditEvents.seq} = ${from - 1} limit 1`),
  );
  return Buffer.from(row?.hash && /^[0-9a-f]{64}$/.test(row.hash) ? row.hash : GENESIS_HASH, "hex");
}

/** One range through COPY; false when the visitor stopped it. */
async function copiedLinks(db: Executor, copyOut: CopyOut, range: LinkRange, visitor: RangeVisitor): Promise<boolean> {
  const checker = new CopyLinkChecker(await hashBefore(db, range.from));
  const headHash = () => checker.headHash;
  const upper = range.to === null ? sql`` : sql` and ${auditEvents.seq} < ${sql.raw(String(range.to))}`;
  const statement = new PgDialect().sqlToQuery(sql`copy (select ${copyColumns} from ${auditEvents}
    where ${auditEvents.seq} >= ${sql.raw(String(range.from))}${upper} order by ${auditEvents.seq}) to stdout (format binary)`);
  if (statement.params.length > 0) throw new Error("COPY statements take no parameters");
  for await (const chunk of copyOut(statement.sql)) {
    if (!checker.push(chunk, (link) => visitor(Object.assign(link, { headHash })))) return false;
  }
  if (!checker.complete) throw new Error("the COPY stream ended in the middle of a row");
  return true;
}
