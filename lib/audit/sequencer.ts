import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { compileStatement } from "@/db/compiled-query";
import { auditEvents } from "@/db/schema";
import { chainHash, CHAIN_VERSION, GENESIS_HASH } from "./canonical";
import { pendingChainRows } from "./chain-rows";

// Any constant shared by every sequencer; one pass holds it at a time, across processes and servers.
const SEQUENCER_LOCK = 0x6b68_0001;
// Events chained by one pass at most (one UPDATE).
const BATCH = 5000;

/**
 * One pass of the sequencer (README, "The audit log"): takes events whose writing transaction has ended —
 * every transaction older than the oldest one still running — in id order, and chains them after the
 * current head. Events of transactions still running wait for a later pass, so none is skipped, and
 * request transactions never wait on the chain. Returns how many events were chained.
 */
export async function sequencePending(db: Executor, batchSize = BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    // With the lock, the plan of the pending search below (in the same round trip): no bitmap scans.
    const [lock] = rowsOf<{ ok: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as ok, set_config('enable_bitmapscan', 'off', true)`),
    );
    if (!lock?.ok) return 0;
    // Pending events are found through a partial index of events with no seq. Chaining an event leaves its
    // entry behind, pointing to the row's old version, until VACUUM removes both — which autovacuum does
    // after a fifth of a partition has changed (millions of rows in a busy month). A bitmap scan reads
    // every such entry and its heap page again at every pass, twice a second; a plain index scan marks
    // the entries of dead rows as it passes them, and later passes skip them.
    const pending = await pendingChainRows(tx, batchSize);
    if (pending.length === 0) return 0;
    const [head] = rowsOf<{ seq: number | string; hash: string }>(await headStatement.run(tx, { limit: 1 }));
    let seq = head ? Number(head.seq) : 0;
    let previous = head?.hash ?? GENESIS_HASH;
    const chained = pending.map((event) => {
      seq += 1;
      previous = chainHash(previous, { ...event, seq });
      return { id: event.id, occurredAt: event.occurredAt, seq, hash: previous };
    });
    await writeChainLinks(tx, chained);
    return chained.length;
  });
}

// The chain's head, prepared for the same reason as the pending search (chain-rows.ts); its limit is a
// parameter because a compiled statement needs one (db/compiled-query.ts).
const headStatement = compileStatement(
  "audit_chain_head",
  sql`select ${auditEvents.seq} as seq, ${auditEvents.hash} as hash from ${auditEvents}
    where ${auditEvents.seq} is not null order by ${auditEvents.seq} desc limit ${sql.placeholder("limit")}`,
);

export type ChainLink = { id: number; occurredAt: string; seq: number; hash: string };

/**
 * The one UPDATE of a pass. Each row is found by its whole key, (id, occurred_at): an index probe in its
 * own month's partition. The planner cannot know how few rows the batch holds, and before a partition's
 * first ANALYZE it knows nothing of the partition either: it hashed the batch and scanned the month in
 * full, a cost that grew with the month's events (BENCHMARKS.md, "Disclosures"). So the transaction first
 * leaves it only the probes.
 */
export async function writeChainLinks(tx: { execute(query: SQL): PromiseLike<unknown> }, links: ChainLink[]): Promise<void> {
  await tx.execute(sql`select set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true), set_config('enable_seqscan', 'off', true)`);
  await tx.execute(sql`
    update ${auditEvents} as a
    set seq = v.seq, hash = v.hash, chain_version = ${CHAIN_VERSION}
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(id bigint, "occurredAt" timestamptz, seq bigint, hash text)
    where a.id = v.id and a.occurred_at = v."occurredAt"`);
}

/**
 * Chains everything that could be chained when the pass began: more passes only while a pass came back
 * full. Events committed meanwhile wait for the next call — looping until a pass finds nothing would,
 * under steady traffic, turn the server's twice-a-second pass into a stream of tiny ones (each an UPDATE
 * and a commit).
 */
export async function sequenceAll(db: Executor): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sequencePending(db, BATCH);
    total += n;
    if (n < BATCH) return total;
  }
}
