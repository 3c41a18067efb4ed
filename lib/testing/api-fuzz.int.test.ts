import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf } from "@/db/client";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { PROBLEM_CONTENT_TYPE } from "@/lib/http/problem";
import type { AuthenticatedUser } from "@/lib/services/authenticate-user";
import { plausible, SchemaNode } from "./api-arbitraries";
import { headerSafe, ignoredBody, jsonText, plausibleQuery } from "./api-wire";
import { actAs, apiRoutePatterns, callRoute, routeModule, useDatabase, type Outcome } from "./route-harness";
import { callArbitrary, disclosureIds, everyone, hints, methods, notFuzzed, officer, reviewer, specs, type Call, type FuzzSpec, type Method } from "./api-fuzz-specs";
import { createTestDatabase, signInDemo, type TestDatabase } from "./test-database";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

// Fuzzing the API (README, "Fuzzing the API"): every method of every API route, with random JSON, the route's own
// request shape with fields broken, malformed bodies, random query strings, If-Match values and path ids.
// Whatever arrives, the answer is never a 5xx; a 4xx is RFC 9457 problem+json; and a refusal writes no
// business row (audit events, session activity and throttle counters aside).
//
// FUZZ_RUNS sets the payloads per property (100 by default; `npm run verify:all` runs 1,000). A failure
// prints fast-check's seed and path: FUZZ_SEED=<seed> FUZZ_PATH=<path> replay that case (with -t naming
// the test).

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 100) || 100);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH || undefined;
const TIMEOUT = Math.max(60_000, RUNS * 1_500);
const root = path.resolve(import.meta.dirname, "../..");

// ---- The world and what it holds ----

let t: TestDatabase;
const sessions = new Map<string, AuthenticatedUser>();

/** Tables a refusal may write to besides the audit log (which is left out): throttle counters. */
const writableOnRefusal = new Set(["auth_throttles"]);
/** Columns a refusal may touch: session activity and token use. */
const touchedOnRefusal: Record<string, string[]> = { user_sessions: ["last_seen_at"], api_tokens: ["last_used_at"] };

/**
 * Test instrument: every business table (every plain table outside the audit log) gets a row trigger
 * that counts, per table, the rows written. The count lives in a table of its own and is written in the
 * writer's transaction, so a write that is rolled back is not counted, and any committed insert, update
 * or delete is — even one that writes the values a row already had. One small SELECT then tells whether
 * a request wrote anything.
 */
async function countWrites(): Promise<string[]> {
  const db = t.database.db;
  const columns = rowsOf<{ table: string; column: string }>(
    await db.execute(sql`
      select c.relname as table, a.attname as column
      from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
      where n.nspname = 'public' and c.relkind = 'r' and not c.relispartition and c.relname not like 'audit_events%'
        and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
  );
  const tables = [...new Set(columns.map((c) => c.table))].filter((name) => !writableOnRefusal.has(name));
  await db.execute(sql`create table fuzz_writes (table_name text primary key, writes bigint not null)`);
  await db.execute(sql`create function fuzz_count_write() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      insert into fuzz_writes values (tg_table_name, 1) on conflict (table_name) do update set writes = fuzz_writes.writes + 1;
      return null;
    end $$`);
  for (const name of tables) {
    const touched = touchedOnRefusal[name];
    const updates = touched ? `update of ${columns.filter((c) => c.table === name && !touched.includes(c.column)).map((c) => `"${c.column}"`).join(", ")}` : "update";
    await db.execute(sql.raw(`create trigger fuzz_count_write after insert or ${updates} or delete on "${name}" for each row execute function fuzz_count_write()`));
    await db.execute(sql.raw(`create trigger fuzz_count_truncate after truncate on "${name}" for each statement execute function fuzz_count_write()`));
  }
  return tables;
}

type Writes = Record<string, number>;
let current: Writes = {};

async function snapshot(): Promise<Writes> {
  const rows = rowsOf<{ name: string; writes: string | number }>(await t.database.db.execute(sql`select table_name as name, writes from fuzz_writes`));
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.writes)]));
}

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabase(t.database);
  const tables = await countWrites();
  expect(tables).toEqual(expect.arrayContaining(["disclosures", "exposure_items", "advisories", "advisory_deliveries", "company_profiles", "audit_checkpoints", "email_outbox", "user_sessions"]));
  for (const email of everyone) sessions.set(email, await signInDemo(t, email));
  current = await snapshot();
  // The sign-ins opened sessions: the counter sees writes.
  expect(current.user_sessions).toBe(everyone.length);
}, 300_000);

afterAll(async () => {
  await t?.close();
});

// ---- The properties ----

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function describeCall(spec: FuzzSpec, call: Call, outcome: Outcome): string {
  const body = call.body?.kind === "json" ? jsonText(call.body.value) : call.body?.kind === "text" ? call.body.text : "";
  return [
    `${spec.method} ${spec.route} as ${call.caller ?? "anonymous"} → ${outcome.status} (${outcome.contentType ?? "no content type"})`,
    `params ${JSON.stringify(call.params).slice(0, 300)} query ${JSON.stringify(call.query).slice(0, 300)} if-match ${JSON.stringify(call.ifMatch)}`,
    `body ${body.slice(0, 300)}`,
    `answer ${JSON.stringify(outcome.body).slice(0, 500)}`,
  ].join("\n");
}

async function send(spec: FuzzSpec, call: Call): Promise<Outcome> {
  actAs(call.caller === null ? null : sessions.get(call.caller)!);
  const headers: Record<string, string> = { ...call.headers };
  if (call.ifMatch !== undefined) headers["if-match"] = headerSafe(call.ifMatch);
  let body: string | undefined;
  if (call.body?.kind === "json") {
    body = jsonText(call.body.value);
    headers["content-type"] = "application/json";
  } else if (call.body?.kind === "text") {
    body = call.body.text;
    if (call.body.contentType !== undefined) headers["content-type"] = call.body.contentType;
  } else if (call.body?.kind === "none" && call.body.contentType !== undefined) {
    headers["content-type"] = call.body.contentType;
  }
  return callRoute(t.database, { method: spec.method, route: spec.route, params: call.params, query: call.query, body, headers });
}

/** The three promises, for one answer: no 5xx; a 4xx is problem+json; a refusal changed no business row. */
async function checkOutcome(where: () => string, outcome: Outcome): Promise<void> {
  const before = current;
  current = await snapshot();
  if (outcome.status >= 500) throw new Error(`a ${outcome.status}:\n${where()}`);
  expect(Object.getOwnPropertyNames(Object.prototype).sort(), `the prototype was polluted:\n${where()}`).toEqual(prototypeKeys);
  if (outcome.status < 400) return;
  expect(outcome.contentType?.split(";")[0], `a ${outcome.status} that is not problem+json:\n${where()}`).toBe(PROBLEM_CONTENT_TYPE);
  const problem = outcome.body as { type?: unknown; title?: unknown; status?: unknown; errors?: unknown };
  expect(typeof problem, where()).toBe("object");
  expect(problem.status, `problem status:\n${where()}`).toBe(outcome.status);
  expect(typeof problem.title, `problem title:\n${where()}`).toBe("string");
  expect(typeof problem.type, `problem type:\n${where()}`).toBe("string");
  if (outcome.status === 422) {
    expect(Array.isArray(problem.errors), `a 422 without errors:\n${where()}`).toBe(true);
    for (const e of problem.errors as { path?: unknown; message?: unknown }[]) {
      expect([typeof e.path, typeof e.message], `a 422 error that is not { path, message }:\n${where()}`).toEqual(["string", "string"]);
    }
  }
  const changed = Object.keys(current).filter((name) => current[name] !== before[name]);
  expect(changed, `a refusal wrote to business tables:\n${where()}`).toEqual([]);
}

const assertOptions = () => ({ numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH ? { path: PATH } : {}) });

describe("API fuzzing", () => {
  for (const spec of specs) {
    it(
      `${spec.method} ${spec.route}`,
      async () => {
        await fc.assert(
          fc.asyncProperty(callArbitrary(spec), async (call) => {
            const outcome = await send(spec, call);
            await checkOutcome(() => describeCall(spec, call, outcome), outcome);
          }),
          assertOptions(),
        );
      },
      TIMEOUT,
    );
  }

  it(
    "methods a route does not serve answer 405 problem+json",
    async () => {
      const refused: { route: string; method: Method }[] = [];
      for (const route of fuzzedRoutes()) {
        const served = await servedMethods(route);
        for (const method of methods) if (!served.includes(method) && (await routeModule(route))[method]) refused.push({ route, method });
      }
      expect(refused.length).toBeGreaterThan(50);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...refused), fc.constantFrom<string | null>(officer, reviewer, null), ignoredBody, async ({ route, method }, caller, body) => {
          const spec: FuzzSpec = { route, method, caller };
          const call: Call = { caller, params: { id: disclosureIds[0]!, n: "1" }, query: {}, body: method === "GET" ? undefined : body, ifMatch: undefined, headers: {} };
          const outcome = await send(spec, call);
          await checkOutcome(() => describeCall(spec, call, outcome), outcome);
          expect(outcome.status, describeCall(spec, call, outcome)).toBe(405);
        }),
        assertOptions(),
      );
    },
    TIMEOUT,
  );

  it(
    "a bearer token that is not one answers 401 or 429 problem+json, and writes nothing else",
    async () => {
      const token = fc.oneof(
        fc.string({ unit: "binary-ascii", maxLength: 120 }).map((s) => `Bearer ${headerSafe(s)}`),
        fc.stringMatching(/^kh_[A-Za-z0-9_-]{37,97}$/).map((s) => `Bearer ${s}`),
        fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer  x", "Token x", "Bearer x y", `Bearer ${"k".repeat(5000)}`),
      );
      const routes = specs.filter((s) => s.route.startsWith("/api/v1/") && s.route !== "/api/v1/[[...rest]]" && s.route !== "/api/v1/openapi.json" && s.route !== "/api/v1/audit/public-key");
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), token, fc.ipV4(), async (spec, authorization, ip) => {
          const call: Call = { caller: officer, params: { id: disclosureIds[0]!, n: "1" }, query: {}, body: undefined, ifMatch: undefined, headers: { authorization, "x-forwarded-for": ip } };
          const outcome = await send(spec, call);
          await checkOutcome(() => describeCall(spec, call, outcome), outcome);
          expect([401, 429], describeCall(spec, call, outcome)).toContain(outcome.status);
        }),
        assertOptions(),
      );
    },
    TIMEOUT,
  );
});

// ---- Coverage: a route added without a spec fails here ----

function fuzzedRoutes(): string[] {
  return apiRoutePatterns().filter((route) => !(route in notFuzzed));
}

/** The methods a route serves: those it exports that do not answer 405 to an anonymous caller (checked like any call). */
async function servedMethods(route: string): Promise<Method[]> {
  const handlers = await routeModule(route);
  const served: Method[] = [];
  for (const method of methods) {
    if (!handlers[method]) continue;
    const spec: FuzzSpec = { route, method, caller: null };
    const call: Call = { caller: null, params: { id: disclosureIds[0]!, n: "1", rest: ["x"] }, query: {}, body: undefined, ifMatch: undefined, headers: {} };
    const outcome = await send(spec, call);
    await checkOutcome(() => describeCall(spec, call, outcome), outcome);
    if (outcome.status !== 405) served.push(method);
  }
  return served;
}

function source(route: string): string {
  return readFileSync(path.join(root, "app", route.replace(/^\//, ""), "route.ts"), "utf8");
}

describe("API fuzzing covers every route", () => {
  it("counts every committed write to a business table, and none that was rolled back", async () => {
    const before = await snapshot();
    const touch = sql`update organisations set name_en = name_en where id = ${demoOrgIds.aoba}`;
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(touch);
        tx.rollback();
      })
      .catch(() => undefined);
    expect(await snapshot()).toEqual(before);
    await t.database.db.execute(touch);
    expect(await snapshot()).toEqual({ ...before, organisations: (before.organisations ?? 0) + 1 });
    current = await snapshot();
  });

  it("has a spec for every method of every API route, with a body where it reads one and a query where it reads one", async () => {
    const missing: string[] = [];
    for (const route of fuzzedRoutes()) {
      const served = await servedMethods(route);
      expect(served.length, `${route} serves no method`).toBeGreaterThan(0);
      const text = source(route);
      const readsBody = /readJsonBody\(|request\.(json|text|formData|arrayBuffer)\(/.test(text);
      const readsQuery = /searchParams|queryObject\(/.test(text);
      const ofRoute = specs.filter((s) => s.route === route);
      for (const method of served) if (!ofRoute.some((s) => s.method === method)) missing.push(`${method} ${route}: no spec`);
      if (readsBody && !ofRoute.some((s) => s.method !== "GET" && s.body)) missing.push(`${route}: reads a JSON body, but no spec sends one shaped by its schema`);
      if (readsQuery && !ofRoute.some((s) => s.method === "GET" && s.query)) missing.push(`${route}: reads the query string, but no spec sends one shaped by its schema`);
      for (const s of ofRoute) if (!served.includes(s.method)) missing.push(`${s.method} ${route}: a spec for a method the route does not serve`);
    }
    for (const s of specs) if (!fuzzedRoutes().includes(s.route)) missing.push(`${s.method} ${s.route}: a spec for a route that does not exist`);
    expect(missing).toEqual([]);
  });

  it("sends shaped payloads that the schema often accepts, so the services behind it run too", () => {
    for (const spec of specs.filter((s) => s.body || s.query)) {
      const schema = (spec.body ?? spec.query)!;
      const node = SchemaNode.of(schema);
      const samples = fc.sample(spec.body ? plausible(node, hints) : plausibleQuery(node, hints), { numRuns: 200, seed: 42 });
      const accepted = samples.filter((v) => schema.safeParse(v).success).length;
      expect(accepted, `${spec.method} ${spec.route}: ${accepted}/200 plausible payloads pass its schema`).toBeGreaterThanOrEqual(20);
    }
  });
});
