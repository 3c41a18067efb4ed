import type { CopyOut } from "@/db/copy-out";
import { CHAIN_VERSION } from "./canonical";
import { CopyLinkChecker, type Link } from "./copy-links";

/**
 * Checking one range of the chain: the rules every link must pass, and one range read through COPY. Free
 * of the data layer (no drizzle, no schema), so that a worker thread can load it on its own.
 */

export type Problem =
  | "altered" // the event's content, position or hash no longer matches the chain
  | "missing" // events absent from the chain (deleted), detected by a gap in the sequence
  | "unknown_version" // an encoding version this verifier does not know
  | "truncated" // events a checkpoint covers are gone from the end of the log
  | "checkpoint_mismatch" // the chain at a checkpoint's sequence no longer has the sealed hash
  | "bad_signature"; // a checkpoint whose signature does not verify

export interface Bad {
  seq: number;
  problem: Problem;
  detail: string;
}

/** Sequence numbers [from, to) of the chain; `to` null for "to the end". */
export interface LinkRange {
  from: number;
  to: number | null;
}

/** The head hashes that signed checkpoints sealed, by sequence number. */
export type Seals = ReadonlyMap<number, readonly string[]>;

/** What one range came to: the events that passed, the last of them, the hash there, or the first problem. */
export interface RangeOutcome {
  range: LinkRange;
  events: number;
  lastSeq: number;
  /** The stored hash of the last event that passed (null when none did). */
  head: string | null;
  bad: Bad | null;
}

/**
 * The rules for one range, link by link in sequence order: no gap or repeat in the sequence, a known
 * encoding version, a hash that matches, the sealed hash at every checkpoint. `visit` returns false at
 * the first link that breaks one; `finish` completes the outcome (the head hash is read once, at the end).
 */
export function rangeChecker(range: LinkRange, seals: Seals) {
  const outcome: RangeOutcome = { range, events: 0, lastSeq: range.from - 1, head: null, bad: null };
  let head: (() => string) | null = null;
  let expected = range.from;
  const stop = (seq: number, problem: Problem, detail: string) => {
    outcome.bad = { seq, problem, detail };
    return false;
  };
  const visit = (link: Readonly<Link>): boolean => {
    if (link.seq !== expected) {
      return link.seq < expected
        ? stop(expected, "altered", `event ${link.seq} (id ${link.id}) appears twice in the chain`)
        : stop(expected, "missing", `events ${expected}–${link.seq - 1} are missing from the chain (deleted?)`);
    }
    if (link.chainVersion !== CHAIN_VERSION) return stop(link.seq, "unknown_version", `event ${link.seq} claims encoding version ${link.chainVersion}`);
    if (!link.matches) return stop(link.seq, "altered", `event ${link.seq} (id ${link.id}) does not match the chain: it was changed, inserted or moved`);
    const sealed = seals.get(link.seq);
    if (sealed?.some((h) => h !== link.headHash())) {
      // Every link up to here matched: the change lies after the checkpoint before this one (which matched).
      const after = Math.max(0, ...[...seals.keys()].filter((seq) => seq < link.seq));
      return stop(
        link.seq,
        "checkpoint_mismatch",
        `the checkpoint at sequence ${link.seq} sealed a different chain: an event from ${after + 1} to ${link.seq} was changed, inserted or removed, and the links after it recomputed`,
      );
    }
    outcome.events += 1;
    outcome.lastSeq = link.seq;
    head = link.headHash;
    expected = link.seq + 1;
    return true;
  };
  const finish = (): RangeOutcome => {
    outcome.head = outcome.bad ? null : (head?.() ?? null);
    return outcome;
  };
  return { visit, finish };
}

/** One range to read through COPY: the statement, and the stored hash of the event before it (hex). */
export interface CopyTask {
  range: LinkRange;
  statement: string;
  previous: string;
}

/** One range through COPY, checked by the range rules; the stream is dropped at the first problem. */
export async function checkCopyTask(task: CopyTask, seals: Seals, copyOut: CopyOut): Promise<RangeOutcome> {
  const { visit, finish } = rangeChecker(task.range, seals);
  const checker = new CopyLinkChecker(Buffer.from(task.previous, "hex"));
  const completed = await copyOut(task.statement, (data, from, to) => checker.push(data, visit, from, to));
  if (completed && !checker.complete) throw new Error("the COPY stream ended in the middle of a row");
  return finish();
}

/**
 * Runs the ranges' tasks, in any order or at once, and reports each outcome by its index. Every range
 * before the first one with a problem must be run; those after it may be skipped (the answer is known).
 */
export type TaskRunner = (tasks: CopyTask[], seals: Seals, onOutcome: (index: number, outcome: RangeOutcome) => void) => Promise<void>;

// COPY streams read at once: the server's work per row is then shared by two of its processes.
const PARALLEL_STREAMS = 2;

/** Tasks on this thread, two COPY streams at a time. */
export function inProcessRunner(copyOut: CopyOut): TaskRunner {
  return async (tasks, seals, onOutcome) => {
    for (let i = 0; i < tasks.length; i += PARALLEL_STREAMS) {
      const outcomes = await Promise.all(tasks.slice(i, i + PARALLEL_STREAMS).map((task) => checkCopyTask(task, seals, copyOut)));
      outcomes.forEach((outcome, k) => onOutcome(i + k, outcome));
      if (outcomes.some((o) => o.bad)) return;
    }
  };
}
