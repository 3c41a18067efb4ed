import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import type { AnomalyConfig } from "@/lib/audit/anomalies/config";
import { alertAnomalies } from "@/lib/services/alert-anomalies";
import { startPeriodic } from "./periodic";

/**
 * Two minutes after start, then every ANOMALY_ALERT_MINUTES (10; 0 turns it off), the server mails the
 * auditors the high-severity anomaly flags no pass alerted yet (alertAnomalies). Several servers may run
 * it: each flag is alerted once.
 */
export function startAnomalyAlertLoop(db: Executor, config: AnomalyConfig, everyMinutes: number): void {
  if (everyMinutes === 0) return;
  startPeriodic("anomaly alerts", { firstMs: 2 * 60_000, everyMs: everyMinutes * 60_000 }, () =>
    alertAnomalies({ db, actor: null, requestId: `job-${randomUUID()}`, userAgent: "anomaly alerts" }, config),
  );
}
