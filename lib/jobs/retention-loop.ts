import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { pruneRetainedData, type RetentionConfig } from "@/lib/services/prune-retained-data";
import { startPeriodic } from "./periodic";

/**
 * A minute after start, then hourly, the server prunes what has outlived its retention period
 * (pruneRetainedData). Several servers may run it: the pruning is idempotent.
 */
export function startRetentionLoop(db: Executor, config: RetentionConfig): void {
  startPeriodic("retention", { firstMs: 60_000, everyMs: 60 * 60_000 }, () =>
    pruneRetainedData({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "retention" }, config),
  );
}
