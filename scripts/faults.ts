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
// whatever happens. Prints one table per scenario; exits 1 if any check failed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, count, eq, gt, inArray, like, sql } from "drizzle-orm";
import postgres from "postgres";
import { migrateDatabase, openDatabase, rowsOf, type Database } from "../db/client";
import { advisoryDeliveries, auditCheckpoints, auditEvents, emailOutbox, memberships, users } from "../db/schema";
import { signingKey } from "../lib/audit/signing-key";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { seedDemo } from "../lib/demo/seed-demo";
import { issueCliToken } from "../lib/services/issue-cli-token";
import { LocalSmtp } from "../lib/testing/local-smtp";
import { addDraftCompanies, cliCtx, submissionStates, submittedWhole, untouchedDraft, verifySettledChain, type DraftCompany } from "./draft-companies";
import { Report, seconds } from "./fault-report";
import { call, ok, publishAdvisory, verifyThroughServer, type Outcome } from "./fault-traffic";
import { createPrivateCluster, type PrivateCluster, type StopMode } from "./private-cluster";
import { buildIfStale, prepareStandalone, productionSecrets, startStandalone, type StandaloneServer } from "./production-server";

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "outage,smtp,kill" },
    port: { type: "string", default: "3400" },
    "smtp-port": { type: "string", default: "3401" },
    "pg-port": { type: "string", default: "3499" },
    logs: { type: "string", default: ".reports/faults" },
  },
});
const only = new Set(values.only.split(",").map((s) => s.trim()));
const PORT = Number(values.port);
const SMTP_PORT = Number(values["smtp-port"]);
const PG_PORT = Number(values["pg-port"]);
const CLUSTER = "kh_faults";
const LOGS = path.resolve(values.logs);
const RECOVERY_TARGET_MS = 5000;

const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secrets = productionSecrets();
// The seed seals the demo accounts' TOTP secrets: under the server's key, so that the server can open them.
Object.assign(process.env, { MFA_ENCRYPTION_KEY: secrets.MFA_ENCRYPTION_KEY, PSEUDONYM_SECRET: secrets.PSEUDONYM_SECRET });
const key = signingKey({ ...process.env, AUDIT_SIGNING_KEY: secrets.AUDIT_SIGNING_KEY });
const publicKeys = new Map([[key.keyId, key.publicKeyPem]]);
const smtp = new LocalSmtp(SMTP_PORT);
const report = new Report();
let current: StandaloneServer | null = null;
let lastServerOutput = "";

interface World {
  label: string;
  /** PostgreSQL, or else the PGlite folder. */
  url?: string;
  pgliteDir?: string;
  drafts: DraftCompany[];
  tokens: { reviewer: string; approver: string; auditor: string };
}

const open = (world: World) => openDatabase(world.url ? { url: world.url } : { dataDir: world.pgliteDir });

/** A migrated database with the demo world, `drafts` synthetic companies with a draft each, and API tokens for staff. */
async function makeWorld(label: string, target: { cluster: PrivateCluster; name: string } | { pgliteDir: string }, drafts: number): Promise<World> {
  let url: string | undefined;
  if ("cluster" in target) {
    const admin = postgres(target.cluster.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${target.name} with (force)`);
    await admin.unsafe(`create database ${target.name}`);
    await admin.end();
    url = target.cluster.url.replace(/\/postgres$/, `/${target.name}`);
  }
  const world: World = { label, url, pgliteDir: "pgliteDir" in target ? target.pgliteDir : undefined, drafts: [], tokens: { reviewer: "", approver: "", auditor: "" } };
  const database = await open(world);
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    world.drafts = await addDraftCompanies(database, drafts, label);
    const token = async (email: string) => (await issueCliToken({ ctx: cliCtx(database, "faults"), input: { email, name: "faults", expiresInDays: 1 } })).token;
    world.tokens = { reviewer: await token("reviewer@esb.example"), approver: await token("approver@esb.example"), auditor: await token("auditor@oversight.example") };
  } finally {
    await database.close();
  }
  return world;
}

/**
 * The production server on `world`'s database; mail to the local SMTP sink, retried every second or two.
 * Its output goes to `<logs>/<name>.log`.
 */
function serve(world: World, name: string, onOutput?: (text: string) => void): StandaloneServer {
  const env: Record<string, string> = {
    ...secrets,
    ...(world.url ? { DATABASE_URL: world.url } : { PGLITE_DIR: world.pgliteDir! }),
    APP_URL: `http://127.0.0.1:${PORT}`,
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}?starttls=off`,
    EMAIL_RETRY_BASE_SECONDS: "1",
    EMAIL_RETRY_MAX_SECONDS: "2",
    EMAIL_POLL_MS: "500",
    // Checkpoints are sealed by a job on the queue: often enough here to show the queue works after a fault.
    AUDIT_CHECKPOINT_EVERY: "100",
  };
  const file = path.join(LOGS, `${name}.log`);
  current = startStandalone(PORT, env, (text) => {
    fs.appendFileSync(file, text);
    onOutput?.(text);
  });
  return current;
}

async function stopServer(server: StandaloneServer): Promise<void> {
  await server.stop();
  lastServerOutput = server.output();
  if (current === server) current = null;
}

/** Outbox rows of these advisories' emails. */
async function advisoryEmails(database: Database, advisoryIds: string[]) {
  return database.db
    .select({ id: emailOutbox.id, state: emailOutbox.state, attempts: emailOutbox.attempts, lastError: emailOutbox.lastError, to: emailOutbox.toAddress, advisoryId: sql<string>`${emailOutbox.reference}->>'advisoryId'` })
    .from(emailOutbox)
    .where(inArray(sql`${emailOutbox.reference}->>'advisoryId'`, advisoryIds));
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

const tally = (outcomes: Outcome[]) => {
  const n = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
  return { all: outcomes.length, ok: n(ok), unavailable: n((o) => o.status === 503 && o.problemJson), conflict: n((o) => o.status === 409), noAnswer: n((o) => o.status === 0) };
};
const tallyText = (t: ReturnType<typeof tally>) => `${t.all}: ${t.ok} 2xx, ${t.unavailable} 503, ${t.conflict} 409, ${t.all - t.ok - t.unavailable - t.conflict - t.noAnswer} other, ${t.noAnswer} no answer`;

// ---------------------------------------------------------------------------------------------------------
// (a) PostgreSQL stopped and started under load

const SUBMITTERS = 2;
const SUBMIT_EVERY_MS = 150;
const READERS = 4;
const READ_EVERY_MS = 20;
const OUTAGE_MS = 3000;
const AFTER_OUTAGE_MS = 10_000;

async function databaseOutage(cluster: PrivateCluster): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------------
// (b) SMTP down

const ADVISORIES = 3;
const SMTP_DOWN_MS = 30_000;

async function smtpOutage(cluster: PrivateCluster): Promise<void> {
  const section = report.section(
    "(b) SMTP server down while advisories are published",
    `Three advisories for permanent magnets are drafted, sent for approval and approved through the API while nothing listens on the SMTP port; ` +
      `the mail server stays down for ${SMTP_DOWN_MS / 1000} s, longer than the outbox's attempts budget at this run's pace ` +
      `(10 attempts, back-off 1 s doubling to 2 s; with the defaults of 30 s to 1 h that budget is about 3 h 10 min), then a real SMTP server (smtp-server) starts on that port.`,
  );
  log("(b) preparing the SMTP outage run");
  const world = await makeWorld("Notify", { cluster, name: "kh_faults_smtp" }, 30);
  await smtp.stop();
  smtp.received = [];
  const server = serve(world, "smtp-server");
  try {
    await server.waitForHealth();
    const advisories: { id: string; reference: string }[] = [];
    for (let i = 1; i <= ADVISORIES; i++) advisories.push(await publishAdvisory(server.base, world.tokens, `Fault run advisory ${i}`));
    const ids = advisories.map((a) => a.id);
    const database = await open(world);
    try {
      // What should arrive, from the deliveries (not the outbox): each recipient user of each company reached.
      const recipients = await database.db
        .select({ advisoryId: advisoryDeliveries.advisoryId, email: users.email })
        .from(advisoryDeliveries)
        .innerJoin(memberships, and(eq(memberships.organisationId, advisoryDeliveries.organisationId), inArray(memberships.role, ["company_officer", "company_admin"])))
        .innerJoin(users, and(eq(users.id, memberships.userId), sql`${users.disabledAt} is null`))
        .where(inArray(advisoryDeliveries.advisoryId, ids));
      const referenceOf = new Map(advisories.map((a) => [a.id, a.reference]));
      const expected = new Set(recipients.map((r) => `${r.email}|${referenceOf.get(r.advisoryId)}`));
      const queued = await advisoryEmails(database, ids);
      section.check("emails in the outbox after publishing (one per recipient and advisory)", `${queued.length} for ${expected.size} expected`, "equal", queued.length === expected.size);

      log(`(b) SMTP down for ${SMTP_DOWN_MS / 1000} s`);
      const downSince = performance.now();
      let sentWhileDown = 0;
      let failedAt: number | null = null;
      while (performance.now() - downSince < SMTP_DOWN_MS) {
        await sleep(1000);
        const rows = await advisoryEmails(database, ids);
        sentWhileDown = rows.filter((r) => r.state === "sent").length;
        if (failedAt === null && rows.some((r) => r.state === "failed")) failedAt = performance.now() - downSince;
      }
      const atEnd = await advisoryEmails(database, ids);
      const attempts = atEnd.map((r) => r.attempts);
      section.figure("attempts per email while SMTP was down", `${Math.min(...attempts)}–${Math.max(...attempts)}`);
      section.figure("last error recorded", atEnd[0]?.lastError?.slice(0, 80) ?? "none");
      section.check("emails reported sent while SMTP was down", sentWhileDown, "0", sentWhileDown === 0);
      const failed = atEnd.filter((r) => r.state === "failed").length;
      section.check(
        `emails given up ("failed") during the outage`,
        failed === 0 ? 0 : `${failed}, the first after ${seconds(failedAt ?? 0)}`,
        "0",
        failed === 0,
      );
      section.check("emails still waiting in the outbox at the end of the outage", `${atEnd.filter((r) => r.state === "pending").length} of ${atEnd.length}`, "all", atEnd.every((r) => r.state === "pending"));

      log("(b) SMTP back");
      await smtp.start();
      const back = performance.now();
      const allSent = await waitUntil(async () => (await advisoryEmails(database, ids)).every((r) => r.state === "sent"), 120_000);
      const drained = performance.now() - back;
      await sleep(3000); // anything sent twice arrives meanwhile
      const after = await advisoryEmails(database, ids);
      section.check("outbox after SMTP came back: sent", `${after.filter((r) => r.state === "sent").length} of ${after.length}`, "all", allSent);
      section.figure("time from SMTP back to the last email sent", seconds(drained));

      const received = new Map<string, number>();
      for (const mail of smtp.received) {
        const reference = advisories.find((a) => mail.subject.includes(a.reference))?.reference;
        if (!reference) continue;
        for (const to of mail.to) received.set(`${to}|${reference}`, (received.get(`${to}|${reference}`) ?? 0) + 1);
      }
      const missing = [...expected].filter((k) => !received.has(k));
      const unexpected = [...received.keys()].filter((k) => !expected.has(k));
      const duplicates = [...received.values()].reduce((sum, n) => sum + (n - 1), 0);
      section.check("expected emails received by the SMTP server", `${expected.size - missing.length} of ${expected.size}`, "all", missing.length === 0);
      section.check("emails received that were not expected", unexpected.length, "0", unexpected.length === 0);
      section.figure("delivery", duplicates === 0 ? "exactly once: no email arrived twice (the outbox promises at least once)" : `at least once: ${duplicates} arrived more than once`);
    } finally {
      await database.close();
    }
  } finally {
    await stopServer(server);
    if (!smtp.running) await smtp.start();
  }
}

// ---------------------------------------------------------------------------------------------------------
// (c) the server SIGKILLed in the middle of submissions

const KILL_DRAFTS = 200;
const KILL_AFTER_2XX = 60;

async function serverKilled(world: World, driver: string, admin: postgres.Sql | null): Promise<void> {
  const section = report.section(
    `(c) server killed (SIGKILL) in the middle of submissions — ${driver}`,
    `${KILL_DRAFTS} companies submit their drafts at once; the server process gets SIGKILL once ${KILL_AFTER_2XX} have answered 2xx. ` +
      "Then the database is read, the server restarted on it, and the drafts left are submitted.",
  );
  let server = serve(world, `kill-${driver.toLowerCase()}-server`);
  try {
    await server.waitForHealth(120_000);
    log(`(c) ${driver}: ${KILL_DRAFTS} submissions at once`);
    const outcomes: Outcome[] = [];
    let answered = 0;
    const all = Promise.all(
      world.drafts.map(async (d) => {
        const o = await call(server.base, d.token, "POST", `/api/v1/disclosures/${d.id}/submit`, "submit", { id: d.id, timeoutMs: 60_000 });
        outcomes.push(o);
        if (ok(o)) answered++;
      }),
    );
    await waitUntil(async () => answered >= KILL_AFTER_2XX, 60_000, 5);
    server.process.kill("SIGKILL");
    log(`(c) ${driver}: SIGKILL after ${answered} answers`);
    await all;
    await stopServer(server);
    const t = tally(outcomes);
    section.figure("answers before the kill, and requests cut off", `${t.ok} 2xx, ${t.all - t.ok - t.noAnswer} other, ${t.noAnswer} no answer`);

    if (admin) {
      const name = new URL(world.url!).pathname.slice(1);
      const started = performance.now();
      const gone = await waitUntil(async () => (await admin`select count(*)::int as n from pg_stat_activity where datname = ${name}`)[0]!.n === 0, 30_000, 50);
      section.check("the killed server's database sessions ended (their transactions rolled back)", gone ? `after ${seconds(performance.now() - started)}` : "still open after 30 s", "all", gone);
    }

    const ids = world.drafts.map((d) => d.id);
    const database = await open(world);
    let left: DraftCompany[];
    try {
      const states = await submissionStates(database.db, ids);
      const whole = ids.filter((id) => submittedWhole(states.get(id)));
      const untouched = ids.filter((id) => untouchedDraft(states.get(id)));
      const partial = ids.length - whole.length - untouched.length;
      section.figure("disclosures submitted whole / untouched drafts", `${whole.length} / ${untouched.length}`);
      section.check("disclosures partly written (a version without its items or audit event, a status without its version…)", partial, "0", partial === 0);
      const okIds = outcomes.filter(ok).map((o) => o.id!);
      const kept = okIds.filter((id) => submittedWhole(states.get(id)));
      section.check("2xx answers persisted whole", `${kept.length} of ${okIds.length}`, "all", kept.length === okIds.length);
      section.figure("submissions committed whose answer the kill cut off", String(whole.length - kept.length));
      const [unchained] = await database.db.select({ n: count() }).from(auditEvents).where(sql`${auditEvents.seq} is null`);
      section.figure("audit events not yet chained at the kill", String(unchained?.n ?? 0));
      left = world.drafts.filter((d) => untouchedDraft(states.get(d.id)));
    } finally {
      await database.close();
    }

    log(`(c) ${driver}: restarting the server`);
    server = serve(world, `kill-${driver.toLowerCase()}-restarted`);
    const restartMs = await server.waitForHealth(120_000);
    section.figure("restart to a healthy server", seconds(restartMs));
    const chain = await verifyThroughServer(server.base, world.tokens.auditor);
    section.check(
      "audit chain after the restart (GET /api/v1/audit/verify)",
      `${chain.ok ? "valid" : "INVALID"}, ${chain.events} events, ${chain.pending} unchained, ${chain.checkpoints} signed checkpoints`,
      "valid, 0 unchained",
      chain.ok && chain.pending === 0,
    );
    const rest = await Promise.all(left.map((d) => call(server.base, d.token, "POST", `/api/v1/disclosures/${d.id}/submit`, "submit", { id: d.id, timeoutMs: 60_000 })));
    section.check("the drafts left, submitted after the restart", tallyText(tally(rest)), "all 2xx", rest.every(ok));
    const final = await verifyThroughServer(server.base, world.tokens.auditor);
    await stopServer(server);
    const database2 = await open(world);
    try {
      const states = await submissionStates(database2.db, ids);
      const whole = ids.filter((id) => submittedWhole(states.get(id))).length;
      section.check("disclosures submitted whole at the end", `${whole} of ${ids.length}`, "all", whole === ids.length);
    } finally {
      await database2.close();
    }
    section.check("audit chain at the end", `${final.ok ? "valid" : "INVALID"}, ${final.events} events, ${final.pending} unchained`, "valid, 0 unchained", final.ok && final.pending === 0);
  } finally {
    if (current) await stopServer(current);
  }
}

// ---------------------------------------------------------------------------------------------------------

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
