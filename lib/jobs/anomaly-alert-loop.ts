import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import type { AnomalyConfig } from "@/lib/audit/anomalies/config";
import { alertAnomalies } from "@/lib/services/alert-anomalies";

const FIRST_RUN_MS = 2 * 60_000;

type GlobalWithLoop = typeof globalThis & { __kakehashiAnomalyAlertLoop?: NodeJS.Timeout };

/**
 * Two minutes after start, then every ANOMALY_ALERT_MINUTES (10; 0 turns it off), the server mails the
 * auditors the high-severity anomaly flags no pass alerted yet (alertAnomalies). Several servers may run
 * it: each flag is alerted once.
 */
export function startAnomalyAlertLoop(db: Executor, config: AnomalyConfig, everyMinutes: number): void {
  const g = globalThis as GlobalWithLoop;
  if (g.__kakehashiAnomalyAlertLoop || everyMinutes === 0) return;
  let lastErrorAt = 0;
  const run = async () => {
    try {
      await alertAnomalies({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "anomaly alerts" }, config);
    } catch (error) {
      if (Date.now() - lastErrorAt > 60_000) {
        lastErrorAt = Date.now();
        console.error("anomaly alerts: this pass failed; the next one retries", error);
      }
    }
  };
  g.__kakehashiAnomalyAlertLoop = setTimeout(() => {
    void run();
    g.__kakehashiAnomalyAlertLoop = setInterval(() => void run(), everyMinutes * 60_000);
    g.__kakehashiAnomalyAlertLoop.unref();
  }, FIRST_RUN_MS);
  g.__kakehashiAnomalyAlertLoop.unref();
}
