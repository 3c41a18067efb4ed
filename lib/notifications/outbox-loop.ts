import type { Executor } from "@/db/client";
import type { OutboxConfig } from "./config";
import { emailsDue } from "./deliver";

type GlobalWithLoop = typeof globalThis & { __kakehashiOutboxLoop?: NodeJS.Timeout };

/**
 * Every EMAIL_POLL_MS (2 s) the server looks for due messages and, when there are some, puts one run of
 * the outbox worker on the job queue (at most one queued: asking again adds nothing). The worker, not
 * this loop, sends: several servers may run the loop.
 */
export function startOutboxLoop(db: Executor, config: OutboxConfig, requestRun: () => Promise<void>): () => void {
  const g = globalThis as GlobalWithLoop;
  if (g.__kakehashiOutboxLoop) return () => {};
  let running = false;
  let lastErrorAt = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (await emailsDue(db)) await requestRun();
    } catch (error) {
      if (Date.now() - lastErrorAt > 60_000) {
        lastErrorAt = Date.now();
        console.error("email outbox loop: this pass failed; the next one retries", error);
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, config.pollMs);
  timer.unref();
  g.__kakehashiOutboxLoop = timer;
  return () => {
    clearInterval(timer);
    g.__kakehashiOutboxLoop = undefined;
  };
}
