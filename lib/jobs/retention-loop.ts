import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { pruneRetainedData, type RetentionConfig } from "@/lib/services/prune-retained-data";

const FIRST_RUN_MS = 60_000;
const EVERY_MS = 60 * 60_000;

type GlobalWithLoop = typeof globalThis & { __kakehashiRetentionLoop?: NodeJS.Timeout };

/**
 * A minute after start, then hourly, the server prunes what has outlived its retention period
 * (pruneRetainedData). Several servers may run it: the pruning is idempotent.
 */
export function startRetentionLoop(db: Executor, config: RetentionConfig): void {
  const g = globalThis as GlobalWithLoop;
  if (g.__kakehashiRetentionLoop) return;
  let lastErrorAt = 0;
  const run = async () => {
    try {
      await pruneRetainedData({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "retention" }, config);
    } catch (error) {
      if (Date.now() - lastErrorAt > 60_000) {
        lastErrorAt = Date.now();
        console.error("retention: this pass failed; the next one, in an hour, retries", error);
      }
    }
  };
  g.__kakehashiRetentionLoop = setTimeout(() => {
    void run();
    g.__kakehashiRetentionLoop = setInterval(() => void run(), EVERY_MS);
    g.__kakehashiRetentionLoop.unref();
  }, FIRST_RUN_MS);
  g.__kakehashiRetentionLoop.unref();
}
