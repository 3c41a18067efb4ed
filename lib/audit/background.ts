import { getDb } from "@/db/client";
import { wholeNumberFrom } from "@/lib/config/env-number";
import { rollUpAllAccesses } from "./access-rollup";
import { ensureAuditPartitions } from "./partitions";
import { sequenceAll } from "./sequencer";

const PARTITION_CHECK_MS = 60 * 60 * 1000;
// The access report scans what the rollup does not hold yet: a minute of events at most, plus a backlog.
const ROLLUP_MS = 60 * 1000;

type GlobalWithLoop = typeof globalThis & { __kakehashiAuditLoop?: NodeJS.Timeout };

/** The audit loop's pace from the environment, refused by name when it could not be kept (README, "Configuration"). */
export function auditLoopConfig(env: NodeJS.ProcessEnv = process.env) {
  const loop = env.AUDIT_LOOP?.trim();
  // Anything but on or off is refused: "false" or "0" left the loop running unnoticed.
  if (loop && loop !== "on" && loop !== "off") throw new Error(`AUDIT_LOOP must be on or off, not "${loop.slice(0, 20)}".`);
  return {
    intervalMs: wholeNumberFrom(env, "AUDIT_SEQUENCE_INTERVAL_MS", 500, { min: 50, max: 60_000 }),
    everyEvents: wholeNumberFrom(env, "AUDIT_CHECKPOINT_EVERY", 1000, { min: 1, max: 10_000_000 }),
    everyMs: wholeNumberFrom(env, "AUDIT_CHECKPOINT_SECONDS", 300, { min: 1, max: 86_400 }) * 1000,
  };
}

/**
 * The server's audit loop: every AUDIT_SEQUENCE_INTERVAL_MS (500) it chains what has been committed,
 * and asks for a checkpoint (a job on the queue) once AUDIT_CHECKPOINT_EVERY (1000) events were chained
 * since the last request, or AUDIT_CHECKPOINT_SECONDS (300) passed with new events. Once a minute it
 * rolls the chained events up into the access report's daily counts; once an hour it makes sure the
 * coming months' partitions exist. Several servers may run it: the sequencer's advisory lock
 * lets one pass at a time through, and partition creation is idempotent.
 */
export function startAuditLoop(requestCheckpoint: () => Promise<void>, env: NodeJS.ProcessEnv = process.env): void {
  const g = globalThis as GlobalWithLoop;
  if (g.__kakehashiAuditLoop || env.AUDIT_LOOP === "off") return;
  const { intervalMs, everyEvents, everyMs } = auditLoopConfig(env);
  let running = false;
  let chainedSinceRequest = 0;
  let lastRequestAt = Date.now();
  let lastErrorAt = 0;
  let partitionsCheckedAt = 0;
  let rolledUpAt = 0;
  // At most one line a minute, however often the passes fail.
  const report = (what: string, error: unknown) => {
    if (Date.now() - lastErrorAt <= 60_000) return;
    lastErrorAt = Date.now();
    console.error(`audit loop: ${what}`, error);
  };

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const db = await getDb();
      if (Date.now() - partitionsCheckedAt >= PARTITION_CHECK_MS) {
        partitionsCheckedAt = Date.now();
        // Months stay ready well ahead, so a failure here (say, a lock not granted) waits for the next hour.
        await ensureAuditPartitions(db).catch((error: unknown) => console.error("audit loop: partitions not checked", error));
      }
      chainedSinceRequest += await sequenceAll(db);
      // More than one: a checkpoint's own audit event alone does not call for another checkpoint.
      const due = chainedSinceRequest >= everyEvents || (chainedSinceRequest > 1 && Date.now() - lastRequestAt >= everyMs);
      if (due) {
        // Asked again at the next pass if the job queue is down; the rollup below goes on meanwhile.
        try {
          await requestCheckpoint();
          chainedSinceRequest = 0;
          lastRequestAt = Date.now();
        } catch (error) {
          report("no checkpoint could be asked for (the job queue); the next pass asks again", error);
        }
      }
      if (Date.now() - rolledUpAt >= ROLLUP_MS) {
        rolledUpAt = Date.now();
        await rollUpAllAccesses(db);
      }
    } catch (error) {
      report("this pass failed; the next one retries", error);
    } finally {
      running = false;
    }
  };
  g.__kakehashiAuditLoop = setInterval(tick, intervalMs);
  g.__kakehashiAuditLoop.unref();
}
