import { getDatabase } from "@/db/client";
import { anomalyConfig } from "@/lib/audit/anomalies/config";
import { startAuditLoop } from "@/lib/audit/background";
import { requestCheckpoint, startJobs } from "./queue";

/** Starts the background work of a server process; retries while the database is unreachable. */
export async function startBackgroundWork(): Promise<void> {
  try {
    anomalyConfig(); // a bad ANOMALY_* setting is reported at start, not when an auditor opens the page
    const boss = await startJobs(await getDatabase());
    startAuditLoop(() => requestCheckpoint(boss));
  } catch (error) {
    console.error("background work could not start; retrying in 10 s", error);
    setTimeout(() => void startBackgroundWork(), 10_000).unref();
  }
}
