import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { GENESIS_HASH } from "./canonical";
import { checkChain } from "./chain-links";
import { verifyCheckpointSignature, type Checkpoint } from "./checkpoint-format";
import type { Bad, Problem, TaskRunner } from "./range-check";

export type { Problem };

export interface VerificationResult {
  ok: boolean;
  /** Events recomputed, and the last sequence number reached. */
  events: number;
  checkedThrough: number;
  headHash: string;
  checkpoints: number;
  /** Events written but not yet chained (the sequencer has not reached them). */
  pending: number;
  firstBad: Bad | null;
}

export interface VerifyOptions {
  /** Checkpoints kept outside the server (exported JSON), checked in addition to the stored ones. */
  exported?: Checkpoint[];
  /** Public keys by key id, for checkpoints whose key is not the current one. */
  publicKeys?: Map<string, string>;
  onProgress?: (checkedThrough: number) => void;
  batchSize?: number;
  /** Sequence numbers per COPY statement on PostgreSQL (tests make it small to cross range boundaries). */
  rangeSize?: number;
  /** Where the COPY ranges are checked (default: this thread); see verify-threads.ts. */
  runner?: (url: string) => TaskRunner;
}

/**
 * Recomputes the whole chain from the first event, checks every checkpoint's signature and that the
 * chain still has the hash each sealed, and names the first event where anything was changed, removed,
 * inserted or reordered.
 */
export async function verifyChain(db: Executor, options: VerifyOptions = {}): Promise<VerificationResult> {
  const stored = (await db.select().from(auditCheckpoints).orderBy(auditCheckpoints.seq)).map(
    (c): Checkpoint => ({ seq: Number(c.seq), headHash: c.headHash, createdAt: c.createdAt.toISOString(), keyId: c.keyId, signature: c.signature }),
  );
  const checkpoints = [...stored, ...(options.exported ?? [])].sort((a, b) => a.seq - b.seq);
  const seals = new Map<number, string[]>();
  for (const c of checkpoints) seals.set(c.seq, [...(seals.get(c.seq) ?? []), c.headHash]);

  const result: VerificationResult = {
    ok: true,
    events: 0,
    checkedThrough: 0,
    headHash: GENESIS_HASH,
    checkpoints: checkpoints.length,
    pending: 0,
    firstBad: null,
  };
  const fail = (seq: number, problem: Problem, detail: string) => {
    result.ok = false;
    result.firstBad = { seq, problem, detail };
    return result;
  };

  for (const c of checkpoints) {
    const key = options.publicKeys?.get(c.keyId) ?? c.publicKey;
    if (!key || !verifyCheckpointSignature(c, key)) {
      return fail(c.seq, "bad_signature", `the checkpoint at sequence ${c.seq} (key ${c.keyId}) has no valid signature`);
    }
  }

  // Modest batches: rows that outlive a young-generation collection cost the garbage collector dearly.
  const outcomes = await checkChain(db, seals, {
    batchSize: options.batchSize ?? 1000,
    rangeSize: options.rangeSize,
    runner: options.runner,
    onRange: (done) => options.onProgress?.(Math.max(0, ...done.filter((o) => !o.bad).map((o) => o.lastSeq))),
  });
  // Ranges in order: the first problem in the lowest range is the first bad event of the chain.
  for (const o of outcomes) {
    if (o.bad) {
      result.events += o.events;
      if (o.events > 0) result.checkedThrough = o.lastSeq;
      return fail(o.bad.seq, o.bad.problem, o.bad.detail);
    }
    if (o.range.to !== null && o.lastSeq !== o.range.to - 1) {
      return fail(o.lastSeq + 1, "missing", `events ${o.lastSeq + 1}–${o.range.to - 1} are missing from the chain (deleted?)`);
    }
    result.events += o.events;
    if (o.events > 0) result.checkedThrough = o.lastSeq;
    if (o.head) result.headHash = o.head;
  }

  const lastSealed = checkpoints.at(-1);
  if (lastSealed && lastSealed.seq > result.checkedThrough) {
    return fail(
      result.checkedThrough + 1,
      "truncated",
      `a checkpoint covers events up to ${lastSealed.seq}, but the chain ends at ${result.checkedThrough}: events were removed from the end`,
    );
  }

  const [pending] = rowsOf<{ n: number | string }>(
    await db.execute(sql`select count(*) as n from ${auditEvents} where ${auditEvents.seq} is null`),
  );
  result.pending = Number(pending?.n ?? 0);
  return result;
}
