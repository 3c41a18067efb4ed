import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { notifyReviewers } from "@/lib/services/notify-reviewers";
import { startPeriodic } from "./periodic";

/**
 * Twenty seconds after start, then every thirty, the server mails reviewers the submissions that reached
 * their review queue (notifyReviewers). Several servers may run it: each queued version is taken once.
 */
export function startReviewNoticeLoop(db: Executor): void {
  startPeriodic("review notices", { firstMs: 20_000, everyMs: 30_000 }, () =>
    notifyReviewers({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "review notices" }),
  );
}
