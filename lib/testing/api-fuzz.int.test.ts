import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf } from "@/db/client";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { demoAdvisoryIds } from "@/lib/demo/seed-advisories";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { countryCodes } from "@/lib/countries";
import { PROBLEM_CONTENT_TYPE } from "@/lib/http/problem";
import {
  acknowledgeAdvisorySchema,
  advisoryListQuerySchema,
  createAdvisorySchema,
  reachRequestSchema,
  reviseAdvisorySchema,
  updateAdvisorySchema,
  withdrawAdvisorySchema,
} from "@/lib/schemas/advisory";
import { anomalyQuerySchema } from "@/lib/schemas/anomaly-query";
import { auditExportSchema, auditSearchSchema } from "@/lib/schemas/audit-search";
import { accessLogQuerySchema, breakGlassSchema, createDisclosureSchema, disclosureListQuerySchema, reviewInputSchema, updateDisclosureSchema } from "@/lib/schemas/disclosure";
import { insightsQuerySchema } from "@/lib/schemas/insights";
import { companyProfileInputSchema } from "@/lib/schemas/profile";
import type { AuthenticatedUser } from "@/lib/services/authenticate-user";
import { dateTimeLike, hostileString, plausible, SchemaNode, type Hints } from "./api-arbitraries";
import { mutated, tainted } from "./api-mutations";
import {
  cursorLike,
  headerSafe,
  idSegment,
  ifMatchLike,
  ignoredBody,
  jsonText,
  plausibleQuery,
  queryLike,
  wireBody,
  type Query,
  type WireBody,
} from "./api-wire";
import { actAs, apiRoutePatterns, callRoute, routeModule, useDatabase, type Outcome } from "./route-harness";
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

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof methods)[number];

// ---- Who calls ----

const officer = "officer@hoshino.example";
const companyAdmin = "admin@hoshino.example";
const kawasemi = "officer@kawasemi.example";
const aoba = "officer@aoba.example";
const reviewer = "reviewer@esb.example";
const conflicted = "reviewer2@esb.example";
const approver = "approver@esb.example";
const auditor = "auditor@oversight.example";
const platformAdmin = "admin@kakehashi.example";
const everyone = [officer, companyAdmin, kawasemi, aoba, reviewer, conflicted, approver, auditor, platformAdmin];

// ---- What they may name ----

const disclosureIds = Object.values(demoDisclosureIds);
const advisoryIds = Object.values(demoAdvisoryIds);
const orgIds = Object.values(demoOrgIds);
const companyIds = [demoOrgIds.hoshino, demoOrgIds.aoba, demoOrgIds.minato, demoOrgIds.kawasemi, demoOrgIds.tsubame];
const hoshinoDisclosures = [demoDisclosureIds.hoshinoH1, demoDisclosureIds.hoshinoH2, demoDisclosureIds.hoshinoPrev];
const submittedDisclosures = [demoDisclosureIds.hoshinoH1, demoDisclosureIds.aobaH1, demoDisclosureIds.minatoH1, demoDisclosureIds.kawasemiH1, demoDisclosureIds.tsubameH1];
const publishedAdvisories = [demoAdvisoryIds.rareEarths, demoAdvisoryIds.batteryGuidance];
const someCountries = ["CN", "JP", "VN", "US", "AU", "DE", "KR", "TW", "MY", "CD", "CL"];

const DAY = 86_400_000;
/** A time so many days from now: a `from` before a `to`, both within the anomaly report's 31 days. */
const daysFromNow = (min: number, max: number) => fc.date({ min: new Date(Date.now() + min * DAY), max: new Date(Date.now() + max * DAY), noInvalidDate: true }).map((d) => d.toISOString());

/** Valid values for fields a zod refine checks, so that shaped payloads reach the services. */
const hints: Hints = {
  supplierCountry: fc.constantFrom(...someCountries),
  "countries[]": fc.oneof(fc.constantFrom(...someCountries), fc.constantFrom(...countryCodes)),
  "organisations[]": fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...companyIds) }, { weight: 1, arbitrary: fc.constantFrom(...orgIds) }),
  // Mostly none. The demo advisories' ids are not RFC 9562 UUIDs (variant c), which z.uuid() refuses;
  // a v4 names nothing.
  supersedes: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(...advisoryIds) }),
  targetDate: fc.date({ min: new Date("2027-01-01"), max: new Date("2035-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  contactEmail: fc.oneof(fc.constant(""), fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,15}$/), fc.constantFrom("example.com", "hoshino.example")).map(([user, host]) => `${user}@${host}`)),
  confidentiality: fc.oneof(
    fc.constant({ claimed: false }),
    fc.record({ claimed: fc.constant(true), reason: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 }).filter((r) => r.trim().length > 0) }),
  ),
  // Mostly none: a cursor made up here is refused, and the list behind it would not run.
  cursor: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: cursorLike }),
  from: fc.oneof({ weight: 3, arbitrary: daysFromNow(-12, -6) }, { weight: 1, arbitrary: dateTimeLike }),
  to: fc.oneof({ weight: 3, arbitrary: daysFromNow(-5, 1) }, { weight: 1, arbitrary: dateTimeLike }),
  // The default period has data; another is an empty one.
  period: fc.constantFrom("2026-H1", "2025-H2", "2026-H2", "2027-H1"),
  purpose: fc.oneof(fc.constant("quarterly review"), hostileString),
};

const revisionNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("1", "2", "3") },
  { weight: 1, arbitrary: fc.nat().map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "01", "1.0", "1e2", "999999999", "9999999999", "9".repeat(40), "one", " 1") },
  { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length <= 2000 && s.isWellFormed()) },
);

/** An `id` path parameter: half the time one the caller works with, else any id or junk. */
const byId = (known: readonly string[], preferred: readonly string[] = known) =>
  fc.record({ id: fc.oneof(fc.constantFrom(...preferred), idSegment(known)) });

// ---- The specs: one per served method of every route ----

interface FuzzSpec {
  route: string;
  method: Method;
  /** A caller who may use the route, so that validation and not authorization is what runs. */
  caller: string | null;
  /** A few calls go as these instead (`null`: anonymous). */
  others?: (string | null)[];
  params?: fc.Arbitrary<Record<string, string | string[]>>;
  /** The request schema of a route that reads a JSON body. */
  body?: z.ZodType;
  /** The query schema of a route that reads the query string. */
  query?: z.ZodType;
  ifMatch?: boolean;
}

const specs: FuzzSpec[] = [
  // Reads first: the writes below change what the demo world holds.
  { route: "/api/v1/disclosures", method: "GET", caller: officer, others: [reviewer, approver, auditor, platformAdmin, null], query: disclosureListQuerySchema },
  { route: "/api/v1/disclosures/[id]", method: "GET", caller: officer, others: [reviewer, conflicted, approver, auditor], params: byId(disclosureIds, hoshinoDisclosures) },
  { route: "/api/v1/disclosures/[id]/versions/[n]", method: "GET", caller: reviewer, others: [officer, conflicted, auditor], params: fc.record({ id: fc.oneof(fc.constantFrom(...submittedDisclosures), idSegment(disclosureIds)), n: revisionNumber }) },
  { route: "/api/v1/organisation/access-log", method: "GET", caller: officer, others: [companyAdmin, reviewer, auditor], query: accessLogQuerySchema },
  { route: "/api/v1/organisation/profile", method: "GET", caller: officer, others: [reviewer, auditor, null] },
  {
    route: "/api/v1/organisations/[id]/profile",
    method: "GET",
    caller: reviewer,
    others: [officer, conflicted, auditor],
    params: byId(orgIds, companyIds),
    query: z.object({ purpose: z.string().max(500).optional() }).strict(),
  },
  { route: "/api/v1/advisories", method: "GET", caller: reviewer, others: [kawasemi, approver, auditor, null], query: advisoryListQuerySchema },
  { route: "/api/v1/advisories/[id]", method: "GET", caller: reviewer, others: [kawasemi, officer, auditor], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/[id]/cap", method: "GET", caller: kawasemi, others: [reviewer, auditor], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/[id]/csaf", method: "GET", caller: kawasemi, others: [reviewer, auditor], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/[id]/deliveries", method: "GET", caller: reviewer, others: [kawasemi, auditor], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/[id]/deliveries.csv", method: "GET", caller: reviewer, others: [kawasemi, auditor], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/feed.atom", method: "GET", caller: kawasemi, others: [reviewer, null] },
  { route: "/api/v1/advisories/reach", method: "POST", caller: reviewer, others: [officer, auditor], body: reachRequestSchema },
  { route: "/api/v1/insights/exposure", method: "GET", caller: reviewer, others: [approver, conflicted, officer], query: insightsQuerySchema },
  { route: "/api/v1/insights/exposure.csv", method: "GET", caller: reviewer, others: [approver, officer], query: insightsQuerySchema },
  { route: "/api/v1/audit/events", method: "GET", caller: auditor, others: [officer, platformAdmin], query: auditSearchSchema },
  { route: "/api/v1/audit/events/[id]", method: "GET", caller: auditor, others: [officer, reviewer], params: byId(["1", "2", "3", "10", "100"]) },
  { route: "/api/v1/audit/export.csv", method: "GET", caller: auditor, others: [reviewer, platformAdmin], query: auditExportSchema },
  { route: "/api/v1/audit/anomalies", method: "GET", caller: auditor, others: [reviewer, platformAdmin], query: anomalyQuerySchema },
  { route: "/api/v1/audit/verify", method: "GET", caller: auditor, others: [officer] },
  { route: "/api/v1/audit/public-key", method: "GET", caller: null, others: [auditor] },
  { route: "/api/v1/me", method: "GET", caller: officer, others: [...everyone, null] },
  { route: "/api/v1/openapi.json", method: "GET", caller: null },
  { route: "/api/health", method: "GET", caller: null },
  { route: "/api/bench/disclosures/[id]", method: "GET", caller: null, params: byId(disclosureIds) },
  ...methods.map(
    (method): FuzzSpec => ({
      route: "/api/v1/[[...rest]]",
      method,
      caller: officer,
      others: [null],
      params: fc.record({ rest: fc.array(idSegment(["disclosures", "advisories", "audit", "v2", "me"]), { minLength: 1, maxLength: 4 }) }),
    }),
  ),

  // Writes with a body.
  { route: "/api/v1/disclosures", method: "POST", caller: officer, others: [companyAdmin, reviewer, auditor], body: createDisclosureSchema },
  { route: "/api/v1/disclosures/[id]", method: "PATCH", caller: officer, others: [kawasemi, reviewer], params: byId(disclosureIds, [demoDisclosureIds.hoshinoH2]), body: updateDisclosureSchema, ifMatch: true },
  { route: "/api/v1/organisation/profile", method: "PUT", caller: officer, others: [companyAdmin, reviewer], body: companyProfileInputSchema },
  { route: "/api/v1/disclosures/[id]/reviews", method: "POST", caller: reviewer, others: [conflicted, approver, aoba], params: byId(disclosureIds, submittedDisclosures), body: reviewInputSchema },
  { route: "/api/v1/disclosures/[id]/break-glass", method: "POST", caller: approver, others: [reviewer, officer], params: byId(disclosureIds), body: breakGlassSchema },
  { route: "/api/v1/advisories", method: "POST", caller: reviewer, others: [officer, approver], body: createAdvisorySchema },
  { route: "/api/v1/advisories/[id]", method: "PATCH", caller: conflicted, others: [reviewer, kawasemi], params: byId(advisoryIds, [demoAdvisoryIds.betaLactam]), body: updateAdvisorySchema, ifMatch: true },
  { route: "/api/v1/advisories/[id]/revisions", method: "POST", caller: reviewer, others: [conflicted, kawasemi], params: byId(advisoryIds), body: reviseAdvisorySchema },
  { route: "/api/v1/advisories/[id]/acknowledge", method: "POST", caller: kawasemi, others: [officer, reviewer], params: byId(advisoryIds, publishedAdvisories), body: acknowledgeAdvisorySchema },

  // Transitions last: once one succeeds, later ones mostly meet a conflict.
  { route: "/api/v1/audit/checkpoints", method: "POST", caller: auditor, others: [reviewer, platformAdmin] },
  { route: "/api/v1/disclosures/[id]/submit", method: "POST", caller: kawasemi, others: [officer, reviewer], params: byId(disclosureIds, [demoDisclosureIds.kawasemiH2]), ifMatch: true },
  { route: "/api/v1/disclosures/[id]/withdraw", method: "POST", caller: kawasemi, others: [officer, reviewer], params: byId(disclosureIds, [demoDisclosureIds.kawasemiH2, demoDisclosureIds.kawasemiH1]) },
  { route: "/api/v1/advisories/[id]/request-approval", method: "POST", caller: conflicted, others: [reviewer, kawasemi], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/[id]/approve", method: "POST", caller: approver, others: [reviewer, conflicted], params: byId(advisoryIds) },
  { route: "/api/v1/advisories/[id]/withdraw", method: "POST", caller: approver, others: [reviewer, kawasemi], params: byId(advisoryIds), body: withdrawAdvisorySchema },
];

/** Routes this file does not fuzz, and why. */
const notFuzzed: Record<string, string> = {
  "/api/auth/[...nextauth]": "Auth.js's own endpoints take form posts and redirects, not JSON; sign-in is tested through the sign-in service and e2e",
};

// ---- Arbitraries per spec ----

const noise = fc.record(
  {
    "user-agent": fc.string({ unit: "binary-ascii", maxLength: 600 }).map(headerSafe),
    "x-forwarded-for": fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ unit: "binary-ascii", maxLength: 60 }).map(headerSafe)),
    accept: fc.constantFrom("*/*", "application/json", "text/html", "application/problem+json"),
    "accept-language": fc.constantFrom("ja", "en", "*", "xx-YY", ""),
  },
  { requiredKeys: [] },
);

interface Call {
  caller: string | null;
  params: Record<string, string | string[]>;
  query: Query;
  body: WireBody | undefined;
  ifMatch: string | undefined;
  headers: Record<string, string>;
}

function bodyArbitrary(schema: z.ZodType): fc.Arbitrary<WireBody> {
  const node = SchemaNode.of(schema);
  const shape = plausible(node, hints);
  return wireBody(fc.oneof({ weight: 2, arbitrary: shape }, { weight: 2, arbitrary: tainted(shape) }, { weight: 4, arbitrary: mutated(node, shape) }));
}

function callArbitrary(spec: FuzzSpec): fc.Arbitrary<Call> {
  const others = spec.others?.length ? spec.others : [spec.caller];
  return fc.record({
    caller: fc.oneof({ weight: 4, arbitrary: fc.constant(spec.caller) }, { weight: 1, arbitrary: fc.constantFrom(...others) }),
    params: spec.params ?? fc.constant({}),
    query: spec.query ? queryLike(SchemaNode.of(spec.query), hints) : fc.dictionary(fc.string({ maxLength: 8 }), hostileString.filter((s) => s.length < 100), { maxKeys: 2 }),
    body: spec.method === "GET" ? fc.constant(undefined) : spec.body ? bodyArbitrary(spec.body) : ignoredBody,
    ifMatch: spec.ifMatch ? ifMatchLike : fc.constant(undefined),
    headers: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: noise }),
  });
}

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
      const readsBody = /parseJsonBody\(|request\.(json|text|formData|arrayBuffer)\(/.test(text);
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
