// `npm run bench:disclosures [-- --clients 32 --seconds 5 --rounds 3 --warmup 30 --submissions 200 --sequencer on]`, on PostgreSQL. Serves the
// production image's server (its own command on the standalone build, built if stale) on a database of its own and prints, in one run (issue 4, item 9):
// - reads: the audited disclosure read through the full stack (GET /api/v1/disclosures/{id} with a
//   reviewer's API token: token check, need-to-know scope under row-level security, the disclosure, its
//   audit event) against a bare route on the same server running the same SELECT without auth or audit
//   (GET /api/bench/disclosures/{id}, on only for this run), with concurrent keep-alive clients driven by
//   wrk; requests per second, p99, their ratio (target ≥ 0.8), and the CPU each request cost the server
//   and its database backends — a figure that, unlike the rate, holds when other work shares the machine;
//   the server connects under the production role (kakehashi_app's privileges), as production does.
//   Both routes are warmed up first, in turns, until the server runs at its steady speed (its JIT keeps
//   speeding both up for half a minute), then measured in alternating rounds (bare, audited, bare, …): the
//   ratio is the median of each round's pair, so neither route gets the cold server or a noisy minute alone;
// - submissions: that many companies submit their drafts at the same moment; every answer must be 2xx,
//   every 2xx must be persisted, and the audit chain must verify afterwards.
// `--sequencer off` is a diagnosis, not the target's figure: the server runs without its audit loop, so the
// reads' events are chained only after the rounds (by the submissions' check); the ratio it prints is what
// chaining costs the audited read (BENCHMARKS.md, "Disclosures: what chaining costs the read").
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../db/client";
import { localProductionRoles, productionRolesScript } from "../db/production-roles";
import { signingKey } from "../lib/audit/signing-key";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { seedDemo } from "../lib/demo/seed-demo";
import { installJobQueue } from "../lib/jobs/queue";
import { issueCliToken } from "../lib/services/issue-cli-token";
import { addDraftCompanies, cliCtx, submissionStates, submittedWhole, verifySettledChain } from "./draft-companies";
import { buildIfStale, prepareStandalone, productionSecrets, startStandalone, type StandaloneServer } from "./production-server";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "32" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "30" },
    submissions: { type: "string", default: "200" },
    port: { type: "string", default: "3210" },
    sequencer: { type: "string", default: "on" },
  },
});
if (values.sequencer !== "on" && values.sequencer !== "off") {
  console.error(`--sequencer takes on or off, not "${values.sequencer}"`);
  process.exit(2);
}
const SEQUENCER = values.sequencer === "on";
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const SUBMISSIONS = Number(values.submissions);
const PORT = values.port;
const BASE = `http://127.0.0.1:${PORT}`; // startStandalone serves 127.0.0.1:PORT
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const NAME = "kakehashi_bench_http";
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

function requireWrk(): void {
  if (spawnSync("wrk", ["--version"]).error) {
    console.error("bench:disclosures drives the server with wrk, which is not installed: apt-get install -y wrk");
    process.exit(2);
  }
}

async function freshDatabase(): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${NAME} with (force)`);
  await admin.unsafe(`create database ${NAME}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${NAME}`;
  return url.toString();
}

/** The demo world, a reviewer's token, and `count` synthetic companies, each with an officer, a token and a draft. */
async function prepare(url: string, count: number): Promise<{ reviewerToken: string; drafts: { id: string; token: string }[] }> {
  const database = await openDatabase({ url });
  try {
    await migrateDatabase(database);
    await installJobQueue(database);
    await seedDemo(database.db);
    const reviewerToken = (await issueCliToken({ ctx: cliCtx(database, "bench:disclosures"), input: { email: "reviewer@esb.example", name: "bench", expiresInDays: 1 } })).token;
    return { reviewerToken, drafts: await addDraftCompanies(database, count, "Bench") };
  } finally {
    await database.close();
  }
}

// The server connects as production does (README, "Production database roles"): not as the owner, with
// kakehashi_app's privileges, switching to app_rls for disclosure data. A superuser switching roles costs
// the database more at each request (the server reports the change of is_superuser at the switch and
// back), a cost no production server pays. The bench's own role adds one thing to kakehashi_app's:
// BYPASSRLS, for the bare route's SELECT outside the walls (the audited read still runs as app_rls, which
// bypasses nothing).
const BENCH_ROLE = "kakehashi_bench";

async function productionRoleUrl(url: string): Promise<string> {
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await owner.unsafe(localProductionRoles({ name: BENCH_ROLE, attributes: "bypassrls" }));
    await owner.unsafe(productionRolesScript());
  } finally {
    await owner.end();
  }
  const role = new URL(url);
  role.username = BENCH_ROLE;
  return role.toString();
}

// The production image's server (its command on the standalone output), with secrets of this run.
const secrets = productionSecrets();
// The seed seals the demo accounts' TOTP secrets: under the server's key, so that the server can open them.
Object.assign(process.env, { MFA_ENCRYPTION_KEY: secrets.MFA_ENCRYPTION_KEY, PSEUDONYM_SECRET: secrets.PSEUDONYM_SECRET });
const key = signingKey({ ...process.env, AUDIT_SIGNING_KEY: secrets.AUDIT_SIGNING_KEY });

function serve(url: string): StandaloneServer {
  buildIfStale({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  prepareStandalone();
  return startStandalone(Number(PORT), {
    ...secrets,
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: String(CLIENTS),
    KAKEHASHI_BENCH_BARE_ROUTE: "1",
    AUDIT_LOOP: SEQUENCER ? "on" : "off",
  });
}

// CPU time (user + system) of the server's processes and of the database's backends for this database.
const clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function descendants(pid: number): number[] {
  const children = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
  return [pid, ...children.flatMap(descendants)];
}

function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended: its time is lost to this figure, which only undercounts.
    }
  }
  return (ticks * 1000) / clockTicks;
}

async function backendPids(admin: postgres.Sql): Promise<number[]> {
  const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${NAME}`;
  return rows.map((r) => r.pid);
}

type ReadFigures = { rate: number; p99: number; errors: number; cpuPerRequest: number; serverCpu: number; databaseCpu: number };

function parseWrk(out: string): { requests: number; rate: number; p99: number; errors: number } {
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const p99Match = /99%\s+([\d.]+)(us|ms|s)\b/.exec(out);
  const p99 = p99Match ? Number(p99Match[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[p99Match[2] as "us" | "ms" | "s"] : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  if (!Number.isFinite(requests) || !Number.isFinite(rate)) throw new Error(`could not read wrk's output:\n${out}`);
  return { requests, rate, p99, errors };
}

function wrk(path: string, headers: Record<string, string>, seconds: number): string {
  const args = ["-t", "1", "-c", String(CLIENTS), "-d", `${seconds}s`, "--latency", ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), `${BASE}${path}`];
  const run = spawnSync("wrk", args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  return run.stdout;
}

async function drive(admin: postgres.Sql, server: number[], path: string, headers: Record<string, string>): Promise<ReadFigures> {
  const backends = await backendPids(admin);
  const before = { server: cpuMs(server), database: cpuMs(backends) };
  const figures = parseWrk(wrk(path, headers, SECONDS));
  const serverCpu = (cpuMs(server) - before.server) / figures.requests;
  const databaseCpu = (cpuMs(backends) - before.database) / figures.requests;
  return { rate: figures.rate, p99: figures.p99, errors: figures.errors, cpuPerRequest: serverCpu + databaseCpu, serverCpu, databaseCpu };
}

/** The middle value (of an odd count; the upper middle of an even one). */
function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function cpuCell(figures: ReadFigures): string {
  return `${figures.cpuPerRequest.toFixed(2)} ms CPU/request (server ${figures.serverCpu.toFixed(2)} + database ${figures.databaseCpu.toFixed(2)})`;
}

type SubmissionFigures = { ok: number; clientErrors: number; serverErrors: number; lost: number; seconds: number; chainValid: boolean; chained: number };


/** Every draft submitted at once; then what the database holds for each 2xx, and the audit chain. */
async function submitAll(url: string, drafts: { id: string; token: string }[]): Promise<SubmissionFigures> {
  const t0 = performance.now();
  const statuses = await Promise.all(
    drafts.map(async ({ id, token }) => {
      const response = await fetch(`${BASE}/api/v1/disclosures/${id}/submit`, { method: "POST", headers: { authorization: `Bearer ${token}` } }).catch(() => null);
      await response?.arrayBuffer();
      return { id, status: response?.status ?? 0 };
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const accepted = statuses.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.id);
  const database = await openDatabase({ url });
  try {
    const states = await submissionStates(database.db, accepted);
    const lost = accepted.filter((id) => !submittedWhole(states.get(id))).length;
    // Checkpoints the server sealed meanwhile are checked against the key it was given.
    const publicKeys = new Map([[key.keyId, key.publicKeyPem]]);
    const verification = await verifySettledChain(database.db, publicKeys, { sequence: true });
    return {
      ok: accepted.length,
      clientErrors: statuses.filter((s) => s.status >= 400 && s.status < 500).length,
      serverErrors: statuses.filter((s) => s.status >= 500 || s.status === 0).length,
      lost,
      seconds,
      chainValid: verification.ok && verification.pending === 0,
      chained: verification.events,
    };
  } finally {
    await database.close();
  }
}

async function main() {
  requireWrk();
  const url = await freshDatabase();
  log(`preparing the demo world and ${SUBMISSIONS} companies with drafts`);
  const { reviewerToken, drafts } = await prepare(url, SUBMISSIONS);
  log("starting the production server (building first if the build is stale)");
  const server = serve(await productionRoleUrl(url));
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await server.waitForHealth(5 * 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${server.output()}`);
    });
    const serverPids = descendants(server.process.pid!);
    const id = demoDisclosureIds.hoshinoH1;
    const routes = {
      bare: { path: `/api/bench/disclosures/${id}`, headers: {} },
      audited: { path: `/api/v1/disclosures/${id}`, headers: { authorization: `Bearer ${reviewerToken}` } },
    };
    // Warm-up of both, in turns, before any figure: connections, prepared statements, the server's first
    // requests, and its JIT, which went on speeding the routes up for 30 s (the bare one the most: rounds
    // measured after a 3 s warm-up gave the audited read a ratio ~0.1 higher than the warm server does).
    const slice = Math.max(1, Math.min(SECONDS, WARMUP / 2));
    for (let warmed = 0; warmed < WARMUP; warmed += 2 * slice) {
      for (const route of Object.values(routes)) wrk(route.path, route.headers, slice);
    }
    const rounds: { bare: ReadFigures; audited: ReadFigures }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const bare = await drive(admin, serverPids, routes.bare.path, routes.bare.headers);
      log(`round ${round} bare: ${bare.rate.toFixed(0)} req/s, p99 ${bare.p99.toFixed(1)} ms, ${cpuCell(bare)}`);
      const audited = await drive(admin, serverPids, routes.audited.path, routes.audited.headers);
      log(`round ${round} audited: ${audited.rate.toFixed(0)} req/s, p99 ${audited.p99.toFixed(1)} ms, ${cpuCell(audited)}`);
      rounds.push({ bare, audited });
    }
    const ratios = rounds.map((r) => r.audited.rate / r.bare.rate);
    const cpuRatios = rounds.map((r) => r.bare.cpuPerRequest / r.audited.cpuPerRequest);
    // The round whose ratio is the median shows its own two routes' figures.
    const { bare, audited } = rounds[ratios.indexOf(median(ratios))]!;
    log(`submitting ${drafts.length} drafts at once`);
    const submissions = await submitAll(url, drafts);

    const ratio = median(ratios);
    const cpuRatio = median(cpuRatios);
    const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(", ");
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`\ndisclosures benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), PostgreSQL, Node ${process.version}, wrk with ${CLIENTS} connections, ${WARMUP} s of warm-up, then ${ROUNDS} rounds of ${SECONDS} s per route (median round shown); load average at the end ${load}${SEQUENCER ? "" : "; SEQUENCER OFF during the rounds: a diagnosis, not the target's figure"}\n`);
    console.log("| figure | value | target | |\n|---|---|---|---|");
    console.log(`| bare route (same SELECT, no auth, no audit) | ${bare.rate.toFixed(0)} req/s, p99 ${bare.p99.toFixed(1)} ms, ${cpuCell(bare)} | — | ${bare.errors ? `${bare.errors} errors` : ""} |`);
    console.log(`| audited read (token, authz, RLS, audit event) | ${audited.rate.toFixed(0)} req/s, p99 ${audited.p99.toFixed(1)} ms, ${cpuCell(audited)} | — | ${audited.errors ? `${audited.errors} errors` : ""} |`);
    console.log(`| audited read / bare route, requests per second (median of rounds: ${list(ratios)}) | ${ratio.toFixed(2)} | ≥ 0.8 | ${!SEQUENCER ? "not measured (sequencer off)" : ratio >= 0.8 && !audited.errors ? "met" : "NOT met"} |`);
    console.log(`| bare / audited, CPU per request, server + database backends (median of rounds: ${list(cpuRatios)}) | ${cpuRatio.toFixed(2)} | — | |`);
    console.log(`| ${drafts.length} concurrent submissions: 2xx / 4xx / 5xx or no answer | ${submissions.ok} / ${submissions.clientErrors} / ${submissions.serverErrors} in ${submissions.seconds.toFixed(1)} s | all 2xx, 0 5xx | ${submissions.ok === drafts.length && submissions.serverErrors === 0 ? "met" : "NOT met"} |`);
    console.log(`| submissions answered 2xx but not persisted with their audit event | ${submissions.lost} | 0 | ${submissions.lost === 0 ? "met" : "NOT met"} |`);
    console.log(`| audit chain after the run | ${submissions.chainValid ? "valid" : "INVALID"}, ${submissions.chained} events | valid | ${submissions.chainValid ? "met" : "NOT met"} |`);
  } finally {
    await admin.end();
    await server.stop();
  }
}

await main();
