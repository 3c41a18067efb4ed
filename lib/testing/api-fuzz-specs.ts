// What the API fuzzer (api-fuzz.int.test.ts) sends: one spec per served method of every API route — who
// calls it, which ids it names, the schema of its body and query — and the fast-check arbitrary that makes
// a call from a spec (README, "Fuzzing the API").
import fc from "fast-check";
import { z } from "zod";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { demoAdvisoryIds } from "@/lib/demo/seed-advisories";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { countryCodes } from "@/lib/country-codes";
import {
  acknowledgeAdvisorySchema,
  advisoryFeedQuerySchema,
  advisoryListQuerySchema,
  createAdvisorySchema,
  reachRequestSchema,
  returnAdvisorySchema,
  reviseAdvisorySchema,
  updateAdvisorySchema,
  withdrawAdvisorySchema,
} from "@/lib/schemas/advisory";
import { anomalyQuerySchema } from "@/lib/schemas/anomaly-query";
import { auditExportSchema, auditSearchSchema } from "@/lib/schemas/audit-search";
import { verifyWithCheckpointsSchema } from "@/lib/schemas/audit-verification";
import { accessLogExportSchema, accessLogQuerySchema, breakGlassSchema, createDisclosureSchema, disclosureListQuerySchema, reviewInputSchema, updateDisclosureSchema } from "@/lib/schemas/disclosure";
import { insightsQuerySchema } from "@/lib/schemas/insights";
import { companyProfileInputSchema } from "@/lib/schemas/profile";
import { dateTimeLike, hostileString, plausible, SchemaNode, type Hints } from "./api-arbitraries";
import { mutated, tainted } from "./api-mutations";
import {
  cursorLike,
  headerSafe,
  idSegment,
  ifMatchLike,
  ignoredBody,
  queryLike,
  wireBody,
  type Query,
  type WireBody,
} from "./api-wire";

export const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof methods)[number];

// ---- Who calls ----

export const officer = "officer@hoshino.example";
const companyAdmin = "admin@hoshino.example";
const kawasemi = "officer@kawasemi.example";
const aoba = "officer@aoba.example";
export const reviewer = "reviewer@esb.example";
const conflicted = "reviewer2@esb.example";
const approver = "approver@esb.example";
const auditor = "auditor@oversight.example";
const platformAdmin = "admin@kakehashi.example";
export const everyone = [officer, companyAdmin, kawasemi, aoba, reviewer, conflicted, approver, auditor, platformAdmin];

// ---- What they may name ----

export const disclosureIds = Object.values(demoDisclosureIds);
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
export const hints: Hints = {
  supplierCountry: fc.constantFrom(...someCountries),
  // Two decimals at most, as the schema asks (and the database keeps).
  sharePercent: fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100),
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

export interface FuzzSpec {
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

export const specs: FuzzSpec[] = [
  // Reads first: the writes below change what the demo world holds.
  { route: "/api/v1/disclosures", method: "GET", caller: officer, others: [reviewer, approver, auditor, platformAdmin, null], query: disclosureListQuerySchema },
  { route: "/api/v1/disclosures/[id]", method: "GET", caller: officer, others: [reviewer, conflicted, approver, auditor], params: byId(disclosureIds, hoshinoDisclosures) },
  { route: "/api/v1/disclosures/[id]/versions/[n]", method: "GET", caller: reviewer, others: [officer, conflicted, auditor], params: fc.record({ id: fc.oneof(fc.constantFrom(...submittedDisclosures), idSegment(disclosureIds)), n: revisionNumber }) },
  { route: "/api/v1/organisation/access-log", method: "GET", caller: officer, others: [companyAdmin, reviewer, auditor], query: accessLogQuerySchema },
  { route: "/api/v1/organisation/access-log/export.csv", method: "GET", caller: officer, others: [companyAdmin, reviewer, auditor], query: accessLogExportSchema },
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
  { route: "/api/v1/advisories/feed.atom", method: "GET", caller: kawasemi, others: [reviewer, null], query: advisoryFeedQuerySchema },
  { route: "/api/v1/advisories/reach", method: "POST", caller: reviewer, others: [officer, auditor], body: reachRequestSchema },
  { route: "/api/v1/insights/exposure", method: "GET", caller: reviewer, others: [approver, conflicted, officer], query: insightsQuerySchema },
  { route: "/api/v1/insights/exposure.csv", method: "GET", caller: reviewer, others: [approver, officer], query: insightsQuerySchema },
  { route: "/api/v1/audit/events", method: "GET", caller: auditor, others: [officer, platformAdmin], query: auditSearchSchema },
  { route: "/api/v1/audit/events/[id]", method: "GET", caller: auditor, others: [officer, reviewer], params: byId(["1", "2", "3", "10", "100"]) },
  { route: "/api/v1/audit/export.csv", method: "GET", caller: auditor, others: [reviewer, platformAdmin], query: auditExportSchema },
  { route: "/api/v1/audit/anomalies", method: "GET", caller: auditor, others: [reviewer, platformAdmin], query: anomalyQuerySchema },
  { route: "/api/v1/audit/verify", method: "GET", caller: auditor, others: [officer] },
  { route: "/api/v1/audit/verify", method: "POST", caller: auditor, others: [officer, reviewer], body: verifyWithCheckpointsSchema },
  { route: "/api/v1/audit/public-key", method: "GET", caller: null, others: [auditor] },
  { route: "/api/v1/me", method: "GET", caller: officer, others: [...everyone, null] },
  { route: "/api/v1/me/export", method: "GET", caller: officer, others: [...everyone, null] },
  { route: "/api/v1/openapi.json", method: "GET", caller: null },
  { route: "/api/health", method: "GET", caller: null },
  { route: "/api/bench/disclosures/[id]", method: "GET", caller: null, params: byId(disclosureIds) },
  ...methods.flatMap((method): FuzzSpec[] => [
    {
      route: "/api/v1/[[...rest]]",
      method,
      caller: officer,
      others: [null],
      params: fc.record({ rest: fc.array(idSegment(["disclosures", "advisories", "audit", "v2", "me"]), { minLength: 1, maxLength: 4 }) }),
    },
    { route: "/api/[[...rest]]", method, caller: null, params: fc.record({ rest: fc.array(idSegment(["health", "v2", "auth2", "bench"]), { minLength: 1, maxLength: 3 }) }) },
  ]),

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
  { route: "/api/v1/advisories/[id]/return", method: "POST", caller: approver, others: [conflicted, kawasemi], params: byId(advisoryIds), body: returnAdvisorySchema },
  { route: "/api/v1/advisories/[id]/withdraw", method: "POST", caller: approver, others: [reviewer, kawasemi], params: byId(advisoryIds), body: withdrawAdvisorySchema },
];

/** Routes this file does not fuzz, and why. */
export const notFuzzed: Record<string, string> = {
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

export interface Call {
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

export function callArbitrary(spec: FuzzSpec): fc.Arbitrary<Call> {
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
