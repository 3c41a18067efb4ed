// `npm run faults [-- --only outage,smtp,kill] [--port 3400] [--smtp-port 3401] [--pg-port 3499]`: the fault
// run of issue 8 (point 3), against the production image's server (its own command on the standalone
// build, built first if stale). Three scenarios, each on a database of its own:
// (a) PostgreSQL stopped (`-m fast`, then `-m immediate`: a crash) and started again under load: every 2xx is
//     persisted with its audit event, outage answers are 503 problem+json, and the server recovers within 5 s
//     of the database answering again, background work included, without a restart;
// (b) the SMTP server down while advisories are published: the outbox keeps every email past its attempts
//     budget, and delivers each once the mail server is back;
// (c) the server SIGKILLed in the middle of concurrent submissions, on PostgreSQL and on PGlite: no partial
//     disclosure, every 2xx kept, and after a restart the audit chain verifies and the rest can be submitted.
// PostgreSQL runs in a throwaway cluster of its own (never the shared one on 5432), dropped at the end
// whatever happens. Prints one table per scenario; exits 1 if any check failed. The scenarios are in
// scripts/faults/ (outage.ts, smtp.ts, kill.ts), the world they share in scripts/faults/world.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createPrivateCluster, type PrivateCluster } from "./private-cluster";
import { buildIfStale, prepareStandalone } from "./production-server";
import { only, PORT, PG_PORT, CLUSTER, LOGS, log, smtp, report, current, lastServerOutput, makeWorld, stopServer } from "./faults/world";
import { databaseOutage } from "./faults/outage";
import { smtpOutage } from "./faults/smtp";
import { serverKilled, KILL_DRAFTS } from "./faults/kill";

async function main(): Promise<void> {
  buildIfStale({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  prepareStandalone();
  if (await fetch(`http://127.0.0.1:${PORT}/api/health`).then(() => true, () => false)) throw new Error(`something already answers on port ${PORT}: pick another with --port`);
  await smtp.start();
  fs.rmSync(LOGS, { recursive: true, force: true });
  fs.mkdirSync(LOGS, { recursive: true });
  const started = new Date();
  let cluster: PrivateCluster | null = null;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kh-faults-"));
  try {
    if (only.has("outage") || only.has("smtp") || only.has("kill")) {
      log(`creating the throwaway PostgreSQL cluster ${CLUSTER} on port ${PG_PORT}`);
      cluster = await createPrivateCluster(CLUSTER, PG_PORT);
    }
    if (only.has("outage")) await databaseOutage(cluster!);
    if (only.has("smtp")) await smtpOutage(cluster!);
    if (only.has("kill")) {
      log("(c) preparing the kill runs");
      const admin = postgres(cluster!.url, { max: 1, onnotice: () => {} });
      try {
        await serverKilled(await makeWorld("Kill", { cluster: cluster!, name: "kh_faults_kill" }, KILL_DRAFTS), "PostgreSQL", admin);
      } finally {
        await admin.end();
      }
      await serverKilled(await makeWorld("Kill", { pgliteDir: path.join(scratch, "pglite") }, KILL_DRAFTS), "PGlite", null);
    }
  } finally {
    if (current) await stopServer(current);
    await smtp.stop();
    cluster?.drop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    `\nfault run of ${started.toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), Node ${process.version}, ` +
      `PostgreSQL ${cluster ? `${cluster.version} (a throwaway cluster)` : "not used"}; load average at the end ${os.loadavg()[0]!.toFixed(1)}`,
  );
  report.print();
}

try {
  await main();
} catch (error) {
  report.print();
  console.error(`\nfaults: the run stopped: ${error instanceof Error ? error.stack : String(error)}${lastServerOutput ? `\n--- the last server's output ---\n${lastServerOutput}` : ""}`);
  process.exitCode = 1;
}
const failed = report.failed;
if (failed.length > 0) {
  console.error(`\nfaults: ${failed.length} check(s) FAILED: ${failed.map((r) => r.what).join("; ")}`);
  process.exitCode = 1;
} else if (!process.exitCode) {
  console.log("\nfaults: every check met");
}

