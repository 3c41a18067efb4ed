import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { CHAIN_VERSION, GENESIS_HASH } from "./canonical";
import { checkLinkRanges, type LinkRange } from "./chain-links";
import { verifyCheckpointSignature, type Checkpoint } from "./checkpoint-format";

export type Problem =
  | "altered" // the event's content, position or hash no longer matches the chain
  | "missing" // events absent from the chain (deleted), detected by a gap in the sequence
  | "unknown_version" // an encoding version this verifier does not know
  | "truncated" // events a checkpoint covers are gone from the end of the log
  | "checkpoint_mismatch" // the chain at a checkpoint's sequence no longer has the sealed hash
  | "bad_signature"; // a checkpoint whose signature does not verify

export interface VerificationResult {
  ok: boolean;
  /** Events recomputed, and the last sequence number reached. */
  events: number;
  checkedThrough: number;
  headHash: string;
  checkpoints: number;
  /** Events written but not yet chained (the sequencer has not reached them). */
  pending: number;
  firstBad: { seq: number; problem: Problem; detail: string } | null;
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
  const sealed = new Map<number, Checkpoint[]>();
  for (const c of checkpoints) sealed.set(c.seq, [...(sealed.get(c.seq) ?? []), c]);

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
  const batchSize = options.batchSize ?? 1000;
  type Bad = NonNullable<VerificationResult["firstBad"]>;
  const outcomes: { range: LinkRange; events: number; lastSeq: number; head: (() => string) | null; bad: Bad | null }[] = [];
  await checkLinkRanges(
    db,
    (range) => {
      const outcome = { range, events: 0, lastSeq: range.from - 1, head: null as (() => string) | null, bad: null as Bad | null };
      outcomes.push(outcome);
      const stop = (seq: number, problem: Problem, detail: string) => {
        outcome.bad = { seq, problem, detail };
        return false;
      };
      let expected = range.from;
      return (link) => {
        if (link.seq !== expected) {
          return link.seq < expected
            ? stop(expected, "altered", `event ${link.seq} (id ${link.id}) appears twice in the chain`)
            : stop(expected, "missing", `events ${expected}–${link.seq - 1} are missing from the chain (deleted?)`);
        }
        if (link.chainVersion !== CHAIN_VERSION) return stop(link.seq, "unknown_version", `event ${link.seq} claims encoding version ${link.chainVersion}`);
        if (!link.matches) return stop(link.seq, "altered", `event ${link.seq} (id ${link.id}) does not match the chain: it was changed, inserted or moved`);
        const seals = sealed.get(link.seq);
        if (seals?.some((c) => c.headHash !== link.headHash())) {
          return stop(link.seq, "checkpoint_mismatch", `the checkpoint at sequence ${link.seq} sealed a different chain`);
        }
        outcome.events += 1;
        outcome.lastSeq = link.seq;
        outcome.head = link.headHash;
        expected = link.seq + 1;
        return true;
      };
    },
    { batchSize, rangeSize: options.rangeSize, onRange: () => options.onProgress?.(Math.max(0, ...outcomes.filter((o) => !o.bad).map((o) => o.lastSeq))) },
  );
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
    if (o.head) result.headHash = o.head();
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
