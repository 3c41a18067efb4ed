import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { copySourceFor, rowsOf, type Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { chainDigest, GENESIS_HASH, type ChainedFields } from "./canonical";
import { chainedBatches, copyColumns } from "./chain-rows";
import { inProcessRunner, rangeChecker, type CopyTask, type LinkRange, type RangeOutcome, type Seals, type TaskRunner } from "./range-check";

// Sequence numbers per COPY statement: each statement has a snapshot of its own, so none is held for the
// whole run (a long snapshot would stall the sequencer).
const COPY_RANGE = 250_000;

export interface ChainCheckOptions {
  batchSize: number;
  rangeSize?: number;
  /** Runs the COPY ranges (default: on this thread); verify-threads.ts has one that uses worker threads. */
  runner?: (url: string) => TaskRunner;
  onRange?: (outcomes: readonly RangeOutcome[]) => void;
}

/**
 * Every link of the chain recomputed, range by range, each range's links in sequence order. A link is
 * checked against the stored hash before it — which the link before it checked — so ranges can be read
 * at the same time: on PostgreSQL COPY streams in binary format, several at once (server processes
 * producing rows, and the runner's threads checking them), elsewhere the whole chain as one range of
 * keyset pages. Returns the outcomes in range order, up to the first range with a problem.
 */
export async function checkChain(db: Executor, seals: Seals, options: ChainCheckOptions): Promise<RangeOutcome[]> {
  const source = copySourceFor(db);
  if (!source) {
    const outcome = await pagedLinks(db, seals, options.batchSize);
    options.onRange?.([outcome]);
    return [outcome];
  }
  const tasks = await copyTasks(db, options.rangeSize ?? COPY_RANGE);
  const runner = options.runner?.(source.url) ?? inProcessRunner(source.copyOut);
  const outcomes: (RangeOutcome | undefined)[] = [];
  await runner(tasks, seals, (index, outcome) => {
    outcomes[index] = outcome;
    options.onRange?.(outcomes.filter((o): o is RangeOutcome => o !== undefined));
  });
  const ordered: RangeOutcome[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const outcome = outcomes[i];
    if (!outcome) throw new Error(`range ${tasks[i]!.range.from}– was not checked`);
    ordered.push(outcome);
    if (outcome.bad) break;
  }
  return ordered;
}

/**
 * The ranges up to the head, each with its COPY statement and the stored hash just before it; the last is open
 * to the end. They stop at the number of chained events when the highest sequence number is beyond it: then
 * some number up to that count is missing (or one repeats), and the ranges find it. One event given a sequence
 * number of 10^12 was four million ranges, and a verifier that never answered.
 */
async function copyTasks(db: Executor, rangeSize: number): Promise<CopyTask[]> {
  const [head] = rowsOf<{ seq: string | number | null; n: string | number }>(
    await db.execute(sql`select max(${auditEvents.seq}) as seq, count(${auditEvents.seq}) as n from ${auditEvents}`),
  );
  const lastSeq = Math.min(Number(head?.seq ?? 0), Number(head?.n ?? 0));
  const ranges: LinkRange[] = [];
  for (let from = 1; from <= lastSeq; from += rangeSize) ranges.push({ from, to: from + rangeSize > lastSeq ? null : from + rangeSize });
  if (ranges.length === 0) ranges.push({ from: 1, to: null });
  const dialect = new PgDialect();
  return Promise.all(
    ranges.map(async (range): Promise<CopyTask> => {
      const upper = range.to === null ? sql`` : sql` and ${auditEvents.seq} < ${sql.raw(String(range.to))}`;
      const statement = dialect.sqlToQuery(sql`copy (select ${copyColumns} from ${auditEvents}
        where ${auditEvents.seq} >= ${sql.raw(String(range.from))}${upper} order by ${auditEvents.seq}) to stdout (format binary)`);
      if (statement.params.length > 0) throw new Error("COPY statements take no parameters");
      return { range, statement: statement.sql, previous: await hashBefore(db, range.from) };
    }),
  );
}

async function pagedLinks(db: Executor, seals: Seals, batchSize: number): Promise<RangeOutcome> {
  const { visit, finish } = rangeChecker({ from: 1, to: null }, seals);
  let previous: Buffer = Buffer.from(GENESIS_HASH, "hex");
  for await (const rows of chainedBatches(db, 1, batchSize)) {
    for (const row of rows) {
      const digest = chainDigest(previous, row as ChainedFields);
      const matches = row.hash !== null && digest.equals(Buffer.from(row.hash, "hex"));
      if (matches) previous = digest;
      if (!visit({ seq: row.seq!, id: row.id, chainVersion: row.chainVersion, matches, headHash: () => row.hash! })) return finish();
    }
  }
  return finish();
}

/** The stored hash just before `from` (the genesis hash before the first event); a missing one is the range before's to report. */
async function hashBefore(db: Executor, from: number): Promise<string> {
  if (from <= 1) return GENESIS_HASH;
  const [row] = rowsOf<{ hash: string | null }>(
    await db.execute(sql`select ${auditEvents.hash} as hash from ${auditEvents} where ${auditEvents.seq} = ${from - 1} limit 1`),
  );
  return row?.hash && /^[0-9a-f]{64}$/.test(row.hash) ? row.hash : GENESIS_HASH;
}
