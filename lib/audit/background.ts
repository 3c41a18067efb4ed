import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { createCheckpoint } from "./checkpoint";
import { sequenceAll } from "./sequencer";
import { signingKey } from "./signing-key";

type GlobalWithLoop = typeof globalThis & { __kakehashiAuditLoop?: NodeJS.Timeout };

/**
 * The server's audit loop: every AUDIT_SEQUENCE_INTERVAL_MS (500) it chains what has been committed,
 * and it seals a checkpoint once AUDIT_CHECKPOINT_EVERY (1000) events were chained since the last one,
 * or AUDIT_CHECKPOINT_SECONDS (300) passed with new events. Several servers may run it: the sequencer's
 * advisory lock lets one pass at a time through.
 */
export function startAuditLoop(env: NodeJS.ProcessEnv = process.env): void {
  const g = globalThis as GlobalWithLoop;
  if (g.__kakehashiAuditLoop || env.AUDIT_LOOP === "off") return;
  const intervalMs = Number(env.AUDIT_SEQUENCE_INTERVAL_MS ?? 500);
  const everyEvents = Number(env.AUDIT_CHECKPOINT_EVERY ?? 1000);
  const everyMs = Number(env.AUDIT_CHECKPOINT_SECONDS ?? 300) * 1000;
  let running = false;
  let chainedSinceCheckpoint = 0;
  let lastCheckpointAt = Date.now();
  let lastErrorAt = 0;

  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const db = await getDb();
      chainedSinceCheckpoint += await sequenceAll(db);
      // More than one: a checkpoint's own audit event alone does not call for another checkpoint.
      const due = chainedSinceCheckpoint >= everyEvents || (chainedSinceCheckpoint > 1 && Date.now() - lastCheckpointAt >= everyMs);
      if (due) {
        const ctx = { db, actor: null, requestId: `audit-loop-${randomUUID()}`, userAgent: "audit loop" };
        await createCheckpoint(db, ctx, signingKey(env));
        chainedSinceCheckpoint = 0;
        lastCheckpointAt = Date.now();
      }
    } catch (error) {
      if (Date.now() - lastErrorAt > 60_000) {
        lastErrorAt = Date.now();
        console.error("audit loop: this pass failed; the next one retries", error);
      }
    } finally {
      running = false;
    }
  };
  g.__kakehashiAuditLoop = setInterval(tick, intervalMs);
  g.__kakehashiAuditLoop.unref();
}
