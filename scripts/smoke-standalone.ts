// `npx tsx scripts/smoke-standalone.ts`, after `next build`: starts the standalone server the way the
// production image does (its own command, NODE_ENV=production, no demo mode, secrets from the
// environment) on a freshly migrated database — PostgreSQL when one is reachable, else PGlite — and
// checks that it serves: health, a page with its security headers and its static files, the API's
// problem+json, the OpenAPI document, and — served directly, as TRUSTED_PROXY_HOPS=0 says — that the client
// address it records is the connection's, not one the client wrote. Exits non-zero naming the first check
// that failed.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type Database } from "../db/client";
import { auditEvents } from "../db/schema";
import { prepareStandalone, productionSecrets, startStandalone } from "./production-server";

const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const port = Number(process.env.SMOKE_PORT ?? 3190);

try {
  prepareStandalone();
} catch (error) {
  console.error(`standalone smoke: FAILED — ${(error as Error).message}`);
  process.exit(1);
}

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
async function freshDatabase(): Promise<{ env: Record<string, string>; kind: string; open: () => Promise<Database>; drop: () => Promise<void> }> {
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
      open: () => openDatabase({ url: url.toString() }),
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
  return {
    env: { PGLITE_DIR: path.join(dir, "pglite") },
    kind: "PGlite",
    open: () => openDatabase({ dataDir: path.join(dir, "pglite") }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A request's status and content type, through node:http (fetch refuses some methods). */
function statusOf(method: string, path: string): Promise<{ status: number; contentType: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? "") }));
    });
    request.on("error", reject);
    request.end();
  });
}

const database = await freshDatabase();
// Reached directly, with no proxy in front: the client's address is the connection's (README, "Configuration").
const server = startStandalone(port, { ...productionSecrets(), ...database.env, TRUSTED_PROXY_HOPS: "0" });
const base = server.base;

let passed = 0;
class CheckFailed extends Error {}
function check(condition: boolean, what: string): void {
  if (!condition) throw new CheckFailed(what);
  passed += 1;
}

function failed(error: unknown): void {
  const what = error instanceof CheckFailed ? error.message : String(error);
  console.error(`standalone smoke: FAILED — ${what}\n--- server output ---\n${server.output()}`);
  process.exitCode = 1;
}

const forgedRequestId = `smoke-peer-${process.pid}-${Date.now()}`;

try {
  const tookMs = await server.waitForHealth().catch(() => null);
  check(tookMs !== null, `the server did not answer /api/health with 200 within 60 s (exit code ${server.process.exitCode})`);
  console.log(`standalone server healthy on ${database.kind} after ${(tookMs! / 1000).toFixed(1)} s`);

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

  // No fetch can send TRACE; Next.js answered it 500 before the image's server guarded it (lib/http/method-guard.ts).
  const trace = await statusOf("TRACE", "/api/v1/me");
  check(trace.status === 501 && trace.contentType.startsWith("application/problem+json"), `TRACE /api/v1/me answered ${trace.status} ${trace.contentType}`);

  // A rejected token is recorded with the client's address; this client writes another one into the header.
  const forged = await fetch(`${base}/api/v1/me`, {
    headers: { authorization: `Bearer khk_${"x".repeat(43)}`, "x-forwarded-for": "198.51.100.99", "x-request-id": forgedRequestId },
  });
  check(forged.status === 401, `GET /api/v1/me with an unknown token answered ${forged.status}`);
} catch (error) {
  failed(error);
} finally {
  await server.stop();
}

// Read once the server is gone: an embedded database has one process at a time.
if (!process.exitCode) {
  try {
    const recorded = await database.open();
    try {
      const rows = await recorded.db.select({ clientIp: auditEvents.clientIp }).from(auditEvents).where(eq(auditEvents.requestId, forgedRequestId));
      check(rows.length === 1 && rows[0]!.clientIp === "127.0.0.1", `the rejected token's event recorded the client address ${JSON.stringify(rows)}, not the connection's 127.0.0.1`);
    } finally {
      await recorded.close();
    }
    console.log(`standalone smoke: ${passed} checks passed`);
  } catch (error) {
    failed(error);
  }
}
await database.drop();
