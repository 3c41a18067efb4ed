import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { remindExpiringTokens } from "@/lib/services/remind-expiring-tokens";
import { startPeriodic } from "./periodic";

/**
 * Three minutes after start, then hourly, the server tells the holders of API tokens that expire within
 * TOKEN_EXPIRY_REMINDER_DAYS (14; 0 turns it off) — once per token (remindExpiringTokens). Several
 * servers may run it.
 */
export function startTokenReminderLoop(db: Executor, days: number): void {
  if (days === 0) return;
  startPeriodic("token expiry reminders", { firstMs: 3 * 60_000, everyMs: 60 * 60_000 }, () =>
    remindExpiringTokens({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "token expiry reminders" }, days),
  );
}
