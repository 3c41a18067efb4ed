import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { GENESIS_HASH } from "./canonical";
import { checkChain } from "./chain-links";
import { verifyCheckpointSignature, type Checkpoint } from "./checkpoint-format";
import type { Bad, Problem, TaskRunner } from "./range-check";

export type { Bad, Problem };

export interface VerificationResult {
  ok: boolean;
  /** Events recomputed, and the last sequence number reached. */
  events: number;
  checkedThrough: number;
  headHash: string;
  checkpoints: number;
  /** Events written but not yet chained (the sequencer has not reached them). */
  pending: number;
  /**
   * The first bad event of the chain; when the chain itself is sound, the first checkpoint whose signature
   * does not verify under a trusted key (`bad_signature`).
   */
  firstBad: Bad | null;
  /** Every checkpoint whose signature does not verify under a trusted key, in sequence order: none of them was relied on. */
  badCheckpoints: Bad[];
}

export interface VerifyOptions {
  /** Checkpoints kept outside the server (exported JSON), checked in addition to the stored ones. */
  exported?: Checkpoint[];
  /**
   * The trusted public keys, by key id: the server's, and any the verifier was given. A checkpoint signed
   * with any other key is a bad signature, whatever key its exported file carries (anyone can sign a file
   * and put their own key in it).
   */
  publicKeys?: Map<string, string>;
  onProgress?: (checkedThrough: number) => void;
  batchSize?: number;
  /** Sequence numbers per COPY statement on PostgreSQL (tests make it small to cross range boundaries). */
  rangeSize?: number;
  /** Where the COPY ranges are checked (default: this thread); see verify-threads.ts. */
  runner?: (url: string) => TaskRunner;
}

/** Why a checkpoint's signature cannot be relied on, or null when it verifies under a trusted key. */
function signatureProblem(c: Checkpoint, trusted: ReadonlyMap<string, string>): string | null {
  // A key the exported file carries counts only through its key id: the trusted key of that id is used.
  const key = trusted.get(c.keyId);
  if (!key) return `the checkpoint at sequence ${c.seq} (key ${c.keyId}) has no valid signature: its key is not a trusted key (the server's, or one given to the verifier)`;
  return verifyCheckpointSignature(c, key) ? null : `the checkpoint at sequence ${c.seq} (key ${c.keyId}) has no valid signature`;
}

/**
 * Recomputes the whole chain from the first event, checks every checkpoint's signature and that the
 * chain still has the hash each sealed, and names the first event where anything was changed, removed,
 * inserted or reordered. A checkpoint whose signature does not verify is reported, and otherwise ignored:
 * the chain is still recomputed, and only checkpoints that verify are held against it (a sealed hash, a
 * cut tail) — a junk row in the checkpoints' table cannot hide a tampered event, nor stand for a tail.
 */
export async function verifyChain(db: Executor, options: VerifyOptions = {}): Promise<VerificationResult> {
  const stored = (await db.select().from(auditCheckpoints).orderBy(auditCheckpoints.seq)).map(
    (c): Checkpoint => ({ seq: Number(c.seq), headHash: c.headHash, createdAt: c.createdAt.toISOString(), keyId: c.keyId, signature: c.signature }),
  );
  const checkpoints = [...stored, ...(options.exported ?? [])].sort((a, b) => a.seq - b.seq);
  const trusted = options.publicKeys ?? new Map<string, string>();
  const sound: Checkpoint[] = [];
  const badCheckpoints: Bad[] = [];
  for (const c of checkpoints) {
    const problem = signatureProblem(c, trusted);
    if (problem) badCheckpoints.push({ seq: c.seq, problem: "bad_signature", detail: problem });
    else sound.push(c);
  }
  const seals = new Map<number, string[]>();
  for (const c of sound) seals.set(c.seq, [...(seals.get(c.seq) ?? []), c.headHash]);

  const result: VerificationResult = {
    ok: true,
    events: 0,
    checkedThrough: 0,
    headHash: GENESIS_HASH,
    checkpoints: checkpoints.length,
    pending: 0,
    firstBad: null,
    badCheckpoints,
  };
  const chainBad = await recomputeChain(db, seals, options, result);
  const lastSealed = sound.at(-1);
  const firstBad: Bad | null =
    chainBad ??
    (lastSealed && lastSealed.seq > result.checkedThrough
      ? {
          seq: result.checkedThrough + 1,
          problem: "truncated",
          detail: `a checkpoint covers events up to ${lastSealed.seq}, but the chain ends at ${result.checkedThrough}: events were removed from the end`,
        }
      : null) ??
    badCheckpoints[0] ??
    null;
  result.firstBad = firstBad;
  result.ok = firstBad === null;

  const [pending] = rowsOf<{ n: number | string }>(
    await db.execute(sql`select count(*) as n from ${auditEvents} where ${auditEvents.seq} is null`),
  );
  result.pending = Number(pending?.n ?? 0);
  return result;
}

/** The chain's links against the sealed hashes: fills in how far it verified, and answers its first bad event. */
async function recomputeChain(db: Executor, seals: Map<number, string[]>, options: VerifyOptions, result: VerificationResult): Promise<Bad | null> {
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
      return o.bad;
    }
    // The range's events up to the gap are sound: counted, as the paged path counts them.
    result.events += o.events;
    if (o.events > 0) result.checkedThrough = o.lastSeq;
    if (o.range.to !== null && o.lastSeq !== o.range.to - 1) return missingAfter(db, o.lastSeq);
    if (o.head) result.headHash = o.head;
  }
  return null;
}

/** The gap a range ended in: from the event after its last up to the next one the log holds. */
async function missingAfter(db: Executor, lastSeq: number): Promise<Bad> {
  const [next] = rowsOf<{ seq: string | number | null }>(
    await db.execute(sql`select min(${auditEvents.seq}) as seq from ${auditEvents} where ${auditEvents.seq} > ${lastSeq}`),
  );
  const upTo = next?.seq == null ? " on" : `–${Number(next.seq) - 1}`;
  return { seq: lastSeq + 1, problem: "missing", detail: `events ${lastSeq + 1}${upTo} are missing from the chain (deleted?)` };
}
