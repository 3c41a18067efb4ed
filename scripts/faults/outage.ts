// Fault scenario (a) of the fault run (scripts/faults.ts): PostgreSQL stopped and started again under load.
import fs from "node:fs";
import path from "node:path";
import { count, gt, like, sql } from "drizzle-orm";
import { rowsOf } from "../../db/client";
import { auditCheckpoints, auditEvents } from "../../db/schema";
import { demoDisclosureIds } from "../../lib/demo/seed-disclosures";
import { submissionStates, submittedWhole, untouchedDraft, verifySettledChain } from "../draft-companies";
import { seconds } from "../fault-report";
import { call, ok, publishAdvisory, type Outcome } from "../fault-traffic";
import { type PrivateCluster, type StopMode } from "../private-cluster";
import { LOGS, RECOVERY_TARGET_MS, log, sleep, publicKeys, report, open, makeWorld, serve, stopServer, advisoryEmails, waitUntil, tally, tallyText } from "./world";

const SUBMITTERS = 2;
const SUBMIT_EVERY_MS = 150;
const READERS = 4;
const READ_EVERY_MS = 20;
const OUTAGE_MS = 3000;
const AFTER_OUTAGE_MS = 10_000;

export async function databaseOutage(cluster: PrivateCluster): Promise<void> {
  const section = report.section(
    "(a) PostgreSQL stopped and started under load",
    `${SUBMITTERS} officers submit drafts (one request per ${SUBMIT_EVERY_MS} ms each; a submission that fails is retried later), ` +
      `${READERS} clients read a disclosure as a reviewer (audited reads; one request per ${READ_EVERY_MS} ms each at most), /api/health every 100 ms. ` +
      `After 3 s (and 20 answers at least) the database is stopped twice — \`pg_ctlcluster stop -m fast\`, then \`-m immediate\` (a crash, with WAL recovery at start) — ` +
      `and started ${OUTAGE_MS / 1000} s after the stop returned; the traffic goes on for ${AFTER_OUTAGE_MS / 1000} s after each start. ` +
      `"Down" runs from the stop command to "up", when a new connection first answers \`select 1\`.`,
  );
  log("(a) preparing the database outage run");
  const world = await makeWorld("Outage", { cluster, name: "kh_faults_outage" }, 300);
  let unexpectedErrors = 0;
  const server = serve(world, "outage-server", (text) => (unexpectedErrors += text.split("unexpected error").length - 1));
  try {
    await server.waitForHealth();
    const outcomes: Outcome[] = [];
    const health: Outcome[] = [];
    let running = true;
    const queue = [...world.drafts];
    const paced = async (everyMs: number, work: () => Promise<void>) => {
      while (running) {
        const t0 = performance.now();
        await work();
        await sleep(Math.max(0, everyMs - (performance.now() - t0)));
      }
    };
    const submitter = () =>
      paced(SUBMIT_EVERY_MS, async () => {
        const draft = queue.shift();
        if (!draft) return;
        const o = await call(server.base, draft.token, "POST", `/api/v1/disclosures/${draft.id}/submit`, "submit", { id: draft.id });
        outcomes.push(o);
        // 409: already submitted — an earlier attempt committed but its answer was lost to the outage.
        if (!ok(o) && o.status !== 409) queue.push(draft);
      });
    const reader = () =>
      paced(READ_EVERY_MS, async () => {
        outcomes.push(await call(server.base, world.tokens.reviewer, "GET", `/api/v1/disclosures/${demoDisclosureIds.hoshinoH1}`, "read"));
      });
    const prober = () =>
      paced(100, async () => {
        health.push(await call(server.base, null, "GET", "/api/health", "health", { timeoutMs: 10_000 }));
      });
    const workers = [...Array.from({ length: SUBMITTERS }, submitter), ...Array.from({ length: READERS }, reader), prober()];

    log("(a) traffic running; the database stays up for 3 s and 20 answers at least");
    await sleep(3000);
    await waitUntil(async () => outcomes.length >= 20, 30_000);
    const outages: { mode: StopMode; down: number; up: number; upWall: Date }[] = [];
    for (const mode of ["fast", "immediate"] as const) {
      log(`(a) stopping PostgreSQL (-m ${mode})`);
      const down = performance.now();
      await cluster.stop(mode);
      await sleep(OUTAGE_MS);
      log("(a) starting PostgreSQL");
      await cluster.start();
      outages.push({ mode, down, up: performance.now(), upWall: new Date() });
      log("(a) PostgreSQL answers again");
      await sleep(AFTER_OUTAGE_MS);
    }
    running = false;
    await Promise.all(workers);
    const end = performance.now();
    fs.writeFileSync(path.join(LOGS, "outage-requests.json"), JSON.stringify({ outages, outcomes, health }, null, 1));

    const all = tally(outcomes);
    const firstDown = outages[0]!.down;
    section.figure("requests sent (submissions, reads)", `${all.all} (${outcomes.filter((o) => o.kind === "submit").length}, ${outcomes.filter((o) => o.kind === "read").length})`);
    const before = outcomes.filter((o) => o.end < firstDown);
    section.check("answers before the first outage", tallyText(tally(before)), "all 2xx", before.every(ok));
    const odd = outcomes.filter((o) => !ok(o) && !(o.status === 503 && o.problemJson) && !(o.status === 409 && o.kind === "submit"));
    section.check(
      "answers that are neither 2xx, 503 problem+json, nor 409 for a submission already committed",
      odd.length === 0 ? 0 : `${odd.length} (${[...new Set(odd.map((o) => o.status))].join(", ")})`,
      "0",
      odd.length === 0,
    );
    section.figure('server log lines "unexpected error" (each a 500)', String(unexpectedErrors));
    outages.forEach((outage, i) => {
      const until = outages[i + 1]?.down ?? end;
      const during = outcomes.filter((o) => o.start >= outage.down && o.start < outage.up);
      section.figure(`outage ${i + 1} (stop -m ${outage.mode}): database down for`, seconds(outage.up - outage.down));
      section.figure(`outage ${i + 1}: requests started while it was down`, tallyText(tally(during)));
      // Recovered once the last failure of this period was answered: every request after it succeeded, and
      // none that started during the outage was left hanging past it.
      // A failure answered after the next outage began is that outage's.
      const period = outcomes.filter((o) => o.start >= outage.down && o.start < until).sort((a, b) => a.start - b.start);
      const failures = period.filter((o) => !ok(o) && o.end < until);
      const recovery = Math.max(0, ...failures.map((o) => o.end - outage.up));
      const lastFailureStart = Math.max(-Infinity, ...failures.map((o) => o.start));
      section.check(`outage ${i + 1}: from the database answering to the last failed answer`, seconds(recovery), `≤ ${RECOVERY_TARGET_MS / 1000} s`, recovery <= RECOVERY_TARGET_MS);
      section.figure(`outage ${i + 1}: longest answer to a request started while it was down`, seconds(Math.max(0, ...during.map((o) => o.end - o.start))));
      const healthy = health.find((h) => h.start >= outage.up && ok(h));
      section.figure(`outage ${i + 1}: first 200 from /api/health after the database answered`, healthy ? `+${seconds(Math.max(0, healthy.end - outage.up))}` : "none");
      section.figure(`outage ${i + 1}: answers to requests started after its last failure`, tallyText(tally(period.filter((o) => o.start > lastFailureStart && o.end < until))));
    });

    log("(a) checking what the database holds");
    const database = await open(world);
    try {
      const written = new Set(
        (await database.db.select({ requestId: auditEvents.requestId, action: auditEvents.action }).from(auditEvents).where(like(auditEvents.requestId, "faults-%"))).map((e) => `${e.requestId} ${e.action}`),
      );
      const states = await submissionStates(database.db, world.drafts.map((d) => d.id));
      const okSubmissions = outcomes.filter((o) => o.kind === "submit" && ok(o));
      const kept = okSubmissions.filter((o) => submittedWhole(states.get(o.id!)) && written.has(`${o.requestId} disclosure.submit`));
      section.check("2xx submissions persisted: version 1, both items, the audit event of that request", `${kept.length} of ${okSubmissions.length}`, "all", kept.length === okSubmissions.length);
      const okReads = outcomes.filter((o) => o.kind === "read" && ok(o));
      const recorded = okReads.filter((o) => written.has(`${o.requestId} disclosure.read`));
      section.check("2xx reads whose audit event is in the log", `${recorded.length} of ${okReads.length}`, "all", recorded.length === okReads.length);
      const partial = world.drafts.filter((d) => !submittedWhole(states.get(d.id)) && !untouchedDraft(states.get(d.id)));
      section.check("drafts left partly submitted", partial.length, "0", partial.length === 0);
      const answeredLost = outcomes.filter((o) => o.kind === "submit" && o.status === 409).length;
      section.figure("submissions that committed but whose answer was lost to the outage (a retry got 409)", String(answeredLost));

      // Background work, without a restart: the sequencer chains everything, the queue seals checkpoints
      // and sends the outbox.
      const chain = await verifySettledChain(database.db, publicKeys, { sequence: false, timeoutMs: 30_000 });
      section.check(
        "audit chain, chained by the server's own sequencer after the outages",
        `${chain.ok ? "valid" : `INVALID at ${chain.firstBad?.seq} (${chain.firstBad?.problem})`}, ${chain.events} events, ${chain.pending} unchained, ${chain.checkpoints} signed checkpoints`,
        "valid, 0 unchained",
        chain.ok && chain.pending === 0,
      );
      const lastUp = outages.at(-1)!.upWall;
      const [sealed] = await database.db.select({ n: count() }).from(auditCheckpoints).where(gt(auditCheckpoints.createdAt, lastUp));
      section.check("checkpoints sealed by the job queue after the last start", Number(sealed?.n ?? 0), "≥ 1", Number(sealed?.n ?? 0) >= 1);
      const advisory = await publishAdvisory(server.base, world.tokens, "Outage run: advisory after the database came back", {
        organisations: world.drafts.slice(0, 3).map((d) => d.orgId),
      });
      const delivered = await waitUntil(async () => {
        const rows = await advisoryEmails(database, [advisory.id]);
        return rows.length > 0 && rows.every((r) => r.state === "sent");
      }, 30_000);
      const rows = await advisoryEmails(database, [advisory.id]);
      if (!delivered) {
        // For the post-mortem: the outbox job's runs on the queue, and the messages.
        const jobs = rowsOf(await database.db.execute(sql`select name, state, singleton_key, created_on, started_on, completed_on, retry_count from pgboss.job where name = 'email-outbox' order by created_on`));
        fs.writeFileSync(path.join(LOGS, "outage-outbox.json"), JSON.stringify({ jobs, rows }, null, 1));
      }
      section.check(
        "an advisory published after the outages: its emails sent by the outbox job",
        `${rows.filter((r) => r.state === "sent").length} of ${rows.length}`,
        "all, within 30 s",
        delivered,
      );
    } finally {
      await database.close();
    }
  } finally {
    await stopServer(server);
  }
}

