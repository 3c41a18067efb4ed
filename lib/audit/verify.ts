import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { chainDigest, CHAIN_VERSION, GENESIS_HASH, type ChainedFields } from "./canonical";
import { chainedBatches } from "./chain-rows";
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
  let previous: Buffer = Buffer.from(GENESIS_HASH, "hex");
  let expected = 1;
  for await (const rows of chainedBatches(db, expected, batchSize)) {
    for (const row of rows) {
      const seq = row.seq!;
      if (seq !== expected) {
        return fail(expected, seq < expected ? "altered" : "missing", seq < expected
          ? `event ${seq} (id ${row.id}) appears twice in the chain`
          : `events ${expected}–${seq - 1} are missing from the chain (deleted?)`);
      }
      if (row.chainVersion !== CHAIN_VERSION) {
        return fail(seq, "unknown_version", `event ${seq} claims encoding version ${row.chainVersion}`);
      }
      const recomputed = chainDigest(previous, row as ChainedFields);
      if (row.hash === null || !recomputed.equals(Buffer.from(row.hash, "hex"))) {
        return fail(seq, "altered", `event ${seq} (id ${row.id}) does not match the chain: it was changed, inserted or moved`);
      }
      const checkpointsHere = sealed.get(seq);
      if (checkpointsHere && checkpointsHere.some((c) => c.headHash !== row.hash)) {
        return fail(seq, "checkpoint_mismatch", `the checkpoint at sequence ${seq} sealed a different chain`);
      }
      previous = recomputed;
      result.events += 1;
      result.checkedThrough = seq;
      expected = seq + 1;
    }
    options.onProgress?.(result.checkedThrough);
  }
  result.headHash = previous.toString("hex");

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
