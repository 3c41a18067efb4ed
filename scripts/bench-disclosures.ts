// `npm run bench:disclosures [-- --clients 32 --seconds 10]`: the audited read through the full stack
// against a bare route, on PostgreSQL. Serves the production build (built if stale) on a database of its
// own, then drives each route with concurrent keep-alive clients and prints requests per second, p99 and
// the ratio (target ≥ 0.8, issue 3 item 2):
// - bare: GET /api/health — one SELECT, no session, no audit;
// - audited read: GET /api/v1/disclosures/{id} with a reviewer's API token — token check, need-to-know
//   scope under row-level security, the disclosure, and its audit event, all in the request.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../db/client";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { seedDemo } from "../lib/demo/seed-demo";
import { issueCliToken } from "../lib/services/issue-cli-token";

const { values } = parseArgs({
  options: { clients: { type: "string", default: "32" }, seconds: { type: "string", default: "10" }, port: { type: "string", default: "3210" } },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const PORT = values.port;
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const NAME = "kakehashi_bench_http";
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

async function freshDatabase(): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${NAME} with (force)`);
  await admin.unsafe(`create database ${NAME}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${NAME}`;
  return url.toString();
}

async function reviewerToken(url: string): Promise<string> {
  const database = await openDatabase({ url });
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    const ctx = { db: database.db, actor: null, requestId: `bench-${randomUUID()}`, userAgent: "bench:disclosures" };
    return (await issueCliToken({ ctx, input: { email: "reviewer@esb.example", name: "bench", expiresInDays: 1 } })).token;
  } finally {
    await database.close();
  }
}

function serve(url: string): ChildProcess {
  const env = { ...process.env, DATABASE_URL: url, PORT, DEMO_MODE: "0", NEXT_TELEMETRY_DISABLED: "1", DATABASE_POOL_SIZE: String(CLIENTS) };
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  return server;
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not answer within 5 minutes");
}

/** CLIENTS loops, each one request at a time, for `seconds`; every answer must be 200. */
async function drive(path: string, headers: Record<string, string>, seconds: number): Promise<{ rate: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const response = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / seconds, p99: latencies[Math.ceil(0.99 * latencies.length) - 1]! };
}

async function main() {
  const url = await freshDatabase();
  const token = await reviewerToken(url);
  log("starting the production server (building first if the build is stale)");
  const server = serve(url);
  try {
    await waitForHealth();
    const routes = {
      bare: { path: "/api/health", headers: {} },
      audited: { path: `/api/v1/disclosures/${demoDisclosureIds.hoshinoH1}`, headers: { authorization: `Bearer ${token}` } },
    };
    const results: Record<string, { rate: number; p99: number }> = {};
    for (const [name, route] of Object.entries(routes)) {
      await drive(route.path, route.headers, 3); // warm-up
      results[name] = await drive(route.path, route.headers, SECONDS);
      log(`${name}: ${results[name]!.rate.toFixed(0)} req/s, p99 ${results[name]!.p99.toFixed(1)} ms`);
    }
    const ratio = results.audited!.rate / results.bare!.rate;
    console.log(`\ndisclosures benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), PostgreSQL, Node ${process.version}, ${CLIENTS} clients, ${SECONDS} s each\n`);
    console.log("| figure | value | target | |\n|---|---|---|---|");
    console.log(`| bare route (GET /api/health, one SELECT) | ${results.bare!.rate.toFixed(0)} req/s, p99 ${results.bare!.p99.toFixed(1)} ms | — | |`);
    console.log(`| audited read (GET /api/v1/disclosures/{id}, token) | ${results.audited!.rate.toFixed(0)} req/s, p99 ${results.audited!.p99.toFixed(1)} ms | — | |`);
    console.log(`| audited read / bare route | ${ratio.toFixed(2)} | ≥ 0.8 | ${ratio >= 0.8 ? "met" : "NOT met"} |`);
  } finally {
    server.kill("SIGTERM");
  }
}

await main();
