// `npx tsx scripts/smoke-standalone.ts`, after `next build`: starts the standalone server the way the
// production image does (`node server.js`, NODE_ENV=production, no demo mode, secrets from the
// environment) on a freshly migrated database — PostgreSQL when one is reachable, else PGlite — and
// checks that it serves: health, a page with its security headers and its static files, the API's
// problem+json, and the OpenAPI document. Exits non-zero naming the first check that failed.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../db/client";

const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, ".next", "standalone");
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const port = Number(process.env.SMOKE_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;

if (!fs.existsSync(path.join(standalone, "server.js"))) {
  console.error("standalone smoke: FAILED — no .next/standalone/server.js: run `next build` first (next.config.js sets output: standalone)");
  process.exit(1);
}
// What the Dockerfile copies beside the traced server.
fs.cpSync(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
fs.cpSync(path.join(root, "db", "migrations"), path.join(standalone, "db", "migrations"), { recursive: true });

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { connect_timeout: 3, max: 1, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** A fresh, migrated database, and how to remove it. */
async function freshDatabase(): Promise<{ env: Record<string, string>; kind: string; drop: () => Promise<void> }> {
  if (await reachable(adminUrl)) {
    const name = `kh_smoke_${process.pid}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString() });
    await migrateDatabase(database);
    await database.close();
    return {
      env: { DATABASE_URL: url.toString() },
      kind: "PostgreSQL",
      drop: async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kh-smoke-"));
  const database = await openDatabase({ dataDir: path.join(dir, "pglite") });
  await migrateDatabase(database);
  await database.close();
  return { env: { PGLITE_DIR: path.join(dir, "pglite") }, kind: "PGlite", drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const database = await freshDatabase();
const signingKey = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const server = spawn(process.execPath, ["server.js"], {
  cwd: standalone,
  env: {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_TRUST_HOST: "true",
    AUDIT_SIGNING_KEY: signingKey,
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PSEUDONYM_SECRET: randomBytes(32).toString("base64"),
    ...database.env,
  },
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

let passed = 0;
class CheckFailed extends Error {}
function check(condition: boolean, what: string): void {
  if (!condition) throw new CheckFailed(what);
  passed += 1;
}

try {
  const started = Date.now();
  let health: Response | null = null;
  while (Date.now() - started < 60_000 && server.exitCode === null) {
    health = await fetch(`${base}/api/health`).catch(() => null);
    if (health?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  check(!!health?.ok, `the server did not answer /api/health with 200 within 60 s (exit code ${server.exitCode})`);
  console.log(`standalone server healthy on ${database.kind} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const page = await fetch(`${base}/sign-in`);
  const html = await page.text();
  check(page.status === 200 && html.includes("<html"), `GET /sign-in answered ${page.status}`);
  const csp = page.headers.get("content-security-policy") ?? "";
  check(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/.test(csp), `the sign-in page has no CSP nonce: ${csp}`);
  check(!!page.headers.get("strict-transport-security"), "a production start sends HSTS");
  check(!html.includes("kakehashi-demo"), "a production start shows no demo password");
  const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
  check(!!asset, "the sign-in page references no /_next/static script");
  check((await fetch(`${base}${asset}`)).status === 200, `the static file ${asset} is not served`);

  const me = await fetch(`${base}/api/v1/me`);
  check(me.status === 401 && (me.headers.get("content-type") ?? "").startsWith("application/problem+json"), `GET /api/v1/me answered ${me.status} ${me.headers.get("content-type")}`);
  const openapi = await fetch(`${base}/api/v1/openapi.json`);
  check(openapi.status === 200 && ((await openapi.json()) as { openapi?: string }).openapi?.startsWith("3.1") === true, "the OpenAPI document is not served");

  console.log(`standalone smoke: ${passed} checks passed`);
} catch (error) {
  const what = error instanceof CheckFailed ? error.message : String(error);
  console.error(`standalone smoke: FAILED — ${what}\n--- server output ---\n${output.slice(-4000)}`);
  process.exitCode = 1;
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => (server.exitCode === null ? server.once("exit", resolve) : resolve(null)));
  await database.drop();
}
