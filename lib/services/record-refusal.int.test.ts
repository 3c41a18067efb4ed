import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoAdvisoryIds } from "@/lib/demo/seed-advisories";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import type { AuthenticatedUser } from "@/lib/services/authenticate-user";
import { actAs, callAction, callRoute, useDatabase, type Outcome } from "@/lib/testing/route-harness";
import { auditEventsOf, createTestDatabase, signInDemo, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { recordRefusal } from "./record-refusal";
import { refusePage } from "./refuse-page";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

// SECURITY.md V7.1.3: a request refused for what it carried, refused before any service saw it, or
// failed unexpectedly leaves an event, through either transport; what a service already recorded is not
// recorded twice, and the values of refused fields never reach the log.

let t: TestDatabase;
let officer: AuthenticatedUser;
const draft = demoDisclosureIds.hoshinoH2;
const draftRoute = "/api/v1/disclosures/[id]";
const SECRET = "ZZ-never-in-the-log";

const eventsOf = (outcome: Outcome) => outcome.events.map((e) => ({ action: e.action, outcome: e.outcome, actor: e.actorUserId, details: e.details }));

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabase(t.database);
  officer = await signInDemo(t, "officer@hoshino.example");
});
afterAll(async () => {
  await t?.close();
});

describe("the API records what it refuses", () => {
  it("records an anonymous request's path cut at 300 characters, however long it was", async () => {
    actAs(null);
    const outcome = await callRoute(t.database, { method: "GET", route: draftRoute, params: { id: "a".repeat(16_000) } });
    expect(outcome.status).toBe(401);
    const [denied, ...rest] = outcome.events;
    expect(rest).toEqual([]);
    const attempted = (denied!.details as { attempted: string }).attempted;
    expect(attempted).toHaveLength(300);
    expect(attempted).toMatch(/^GET \/api\/v1\/disclosures\/a+…$/);
  });

  it("records a page refused as unasked by its path as the API's are: no query, cut at 300 characters", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    const reviewer = ctx.actor!;
    const path = `/agency/disclosures/${"d".repeat(400)}`;
    await expect(refusePage({ ctx, input: { path: `/company/advisories?q=${SECRET}`, reason: "cross_site_read" } })).rejects.toThrow(ForbiddenError);
    await expect(refusePage({ ctx, input: { path: `${path}?q=${SECRET}`, reason: "embedded_request" } })).rejects.toThrow(ForbiddenError);
    const events = (await auditEventsOf(t.database, ctx.requestId)).map((e) => ({ action: e.action, actor: e.actorUserId, details: e.details }));
    expect(events).toEqual([
      { action: "access.denied", actor: reviewer.userId, details: { attempted: "GET /company/advisories", reason: "cross_site_read" } },
      { action: "access.denied", actor: reviewer.userId, details: { attempted: `GET ${path}`.slice(0, 299) + "…", reason: "embedded_request" } },
    ]);
  });

  it("records invalid input as request.invalid with the fields at fault, never their values", async () => {
    actAs(officer);
    const bad = { items: [{ productCode: "permanent_magnets", stage: "processing", supplierCountry: SECRET, sharePercent: 150, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false }] };
    const outcome = await callRoute(t.database, { method: "PATCH", route: draftRoute, params: { id: draft }, body: bad, headers: { "if-match": '"1"' } });
    expect(outcome.status).toBe(422);
    expect(eventsOf(outcome)).toEqual([
      {
        action: "request.invalid",
        outcome: "error",
        actor: officer.userId,
        details: { operation: `PATCH /api/v1/disclosures/${draft}`, status: 422, code: "validation", fields: ["items.0.supplierCountry", "items.0.sharePercent"] },
      },
    ]);
    expect(JSON.stringify(outcome.events)).not.toContain(SECRET);
  });

  it("names the body's fields as the body names them: text PostgreSQL cannot store, and an unknown field by its name", async () => {
    actAs(officer);
    const outcome = await callRoute(t.database, { method: "PATCH", route: draftRoute, params: { id: draft }, body: { notes: "a\u0000b", nots: "typo" }, headers: { "if-match": '"1"' } });
    expect(outcome.status).toBe(422);
    expect(eventsOf(outcome)).toEqual([
      { action: "request.invalid", outcome: "error", actor: officer.userId, details: expect.objectContaining({ fields: expect.arrayContaining(["notes", "nots"]) }) },
    ]);
    expect((eventsOf(outcome)[0]!.details as { fields: string[] }).fields).toHaveLength(2);
  });

  it("records a body that is not JSON (400), not sent as JSON (415) and a save without If-Match (428)", async () => {
    actAs(officer);
    const cases: { body: unknown; headers: Record<string, string>; status: number }[] = [
      { body: "{not json", headers: { "content-type": "application/json", "if-match": '"1"' }, status: 400 },
      { body: "notes=x", headers: { "content-type": "application/x-www-form-urlencoded", "if-match": '"1"' }, status: 415 },
      { body: { notes: "x" }, headers: {}, status: 428 },
    ];
    for (const c of cases) {
      const outcome = await callRoute(t.database, { method: "PATCH", route: draftRoute, params: { id: draft }, body: c.body, headers: c.headers });
      expect({ status: outcome.status, events: eventsOf(outcome) }).toEqual({
        status: c.status,
        events: [{ action: "request.invalid", outcome: "error", actor: officer.userId, details: expect.objectContaining({ status: c.status, fields: [] }) }],
      });
    }
  });

  it("refuses, with a session, a read another site caused: no access is recorded in the official's name", async () => {
    const reviewer = await signInDemo(t, "reviewer@esb.example");
    actAs(reviewer);
    const outcome = await callRoute(t.database, {
      method: "GET",
      route: "/api/v1/disclosures/[id]",
      params: { id: demoDisclosureIds.hoshinoH1 },
      headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" },
    });
    expect(outcome.status).toBe(403);
    expect(eventsOf(outcome)).toEqual([
      { action: "access.denied", outcome: "denied", actor: null, details: { attempted: `GET /api/v1/disclosures/${demoDisclosureIds.hoshinoH1}`, reason: "cross_site_read" } },
    ]);
    // An image of the portal's own pages pointing at it (an advisory's Markdown, say): fetched as part of a page, refused too.
    const embedded = await callRoute(t.database, {
      method: "GET",
      route: "/api/v1/disclosures/[id]",
      params: { id: demoDisclosureIds.hoshinoH1 },
      headers: { "sec-fetch-site": "same-origin", "sec-fetch-dest": "image", "sec-fetch-mode": "no-cors" },
    });
    expect(embedded.status).toBe(403);
    expect(eventsOf(embedded)).toEqual([
      { action: "access.denied", outcome: "denied", actor: null, details: { attempted: `GET /api/v1/disclosures/${demoDisclosureIds.hoshinoH1}`, reason: "embedded_request" } },
    ]);
    // Typed into the address bar, the same read is the official's own.
    const typed = await callRoute(t.database, { method: "GET", route: "/api/v1/disclosures/[id]", params: { id: demoDisclosureIds.hoshinoH1 }, headers: { "sec-fetch-site": "none" } });
    expect(typed.status).toBe(200);
    expect(typed.events.map((e) => e.action)).toEqual(["disclosure.read"]);
  });

  it("refuses an advisory save without If-Match (428), as a disclosure's, and changes nothing", async () => {
    const drafter = await signInDemo(t, "reviewer2@esb.example");
    actAs(drafter);
    const before = await callRoute(t.database, { method: "GET", route: "/api/v1/advisories/[id]", params: { id: demoAdvisoryIds.betaLactam } });
    const outcome = await callRoute(t.database, { method: "PATCH", route: "/api/v1/advisories/[id]", params: { id: demoAdvisoryIds.betaLactam }, body: { summary: "Over a colleague's edits." } });
    expect({ status: outcome.status, events: eventsOf(outcome) }).toEqual({
      status: 428,
      events: [{ action: "request.invalid", outcome: "error", actor: drafter.userId, details: expect.objectContaining({ status: 428, fields: [] }) }],
    });
    const after = await callRoute(t.database, { method: "GET", route: "/api/v1/advisories/[id]", params: { id: demoAdvisoryIds.betaLactam } });
    expect(after.body).toMatchObject({ version: (before.body as { version: number }).version, summary: (before.body as { summary: string }).summary });
  });

  it("records an anonymous call, a non-Bearer credential and a write another site caused as access.denied", async () => {
    actAs(null);
    const anonymous = await callRoute(t.database, { method: "GET", route: "/api/v1/disclosures" });
    const basic = await callRoute(t.database, { method: "GET", route: "/api/v1/disclosures", headers: { authorization: "Basic b2ZmaWNlcjpwdw==" } });
    // More than one credential after Bearer is refused as it stands, not cut down to its first word.
    const junk = await callRoute(t.database, { method: "GET", route: "/api/v1/disclosures", headers: { authorization: `Bearer khk_${"x".repeat(40)} trailing` } });
    actAs(officer);
    const crossSite = await callRoute(t.database, { method: "PATCH", route: draftRoute, params: { id: draft }, body: { notes: "x" }, headers: { origin: "https://elsewhere.example", "if-match": '"1"' } });
    const denial = (operation: string, reason: string) => [{ action: "access.denied", outcome: "denied", actor: null, details: { attempted: operation, reason } }];
    expect([anonymous.status, basic.status, junk.status, crossSite.status]).toEqual([401, 401, 401, 403]);
    expect(eventsOf(junk)).toEqual(denial("GET /api/v1/disclosures", "malformed_bearer"));
    expect(eventsOf(anonymous)).toEqual(denial("GET /api/v1/disclosures", "unauthenticated"));
    expect(eventsOf(basic)).toEqual(denial("GET /api/v1/disclosures", "not_bearer"));
    expect(eventsOf(crossSite)).toEqual(denial(`PATCH /api/v1/disclosures/${draft}`, "cross_site_write"));
    expect(anonymous.events[0]!.clientIp).toMatch(/^198\.1[89]\./);
  });

  it("records a rejected token once, as auth.token_rejected, and a service's refusal once, as its access.denied", async () => {
    actAs(null);
    const token = await callRoute(t.database, { method: "GET", route: "/api/v1/disclosures", headers: { authorization: `Bearer khk_${"x".repeat(40)}` } });
    expect({ status: token.status, actions: token.events.map((e) => e.action) }).toEqual({ status: 401, actions: ["auth.token_rejected"] });
    actAs(await signInDemo(t, "officer@aoba.example"));
    const other = await callRoute(t.database, { method: "GET", route: draftRoute, params: { id: draft } });
    expect({ status: other.status, actions: other.events.map((e) => e.action) }).toEqual({ status: 404, actions: ["access.denied"] });
  });
});

describe("server actions record what they refuse", () => {
  it("records invalid input under the action's name", async () => {
    actAs(officer);
    const outcome = await callAction(t.database, "app/(portal)/company/disclosures/actions.ts", "createDisclosureAction", [{ reportingPeriod: SECRET }]);
    expect(outcome.status).toBe(422);
    expect(eventsOf(outcome)).toEqual([
      {
        action: "request.invalid",
        outcome: "error",
        actor: officer.userId,
        details: { operation: "action company/disclosures#createDisclosureAction", status: 422, code: "validation", fields: ["reportingPeriod"] },
      },
    ]);
    expect(JSON.stringify(outcome.events)).not.toContain(SECRET);
  });

  it("records a sign-in form refused before any sign-in was tried, without what it held", async () => {
    actAs(null);
    for (const name of ["signInAction", "beginEnrolmentAction"]) {
      const outcome = await callAction(t.database, "app/sign-in/actions.ts", name, [{ email: SECRET, password: "" }, "/"]);
      expect({ status: outcome.status, events: eventsOf(outcome) }).toEqual({
        status: 422,
        events: [{ action: "request.invalid", outcome: "error", actor: null, details: { operation: `action sign-in#${name}`, status: 422, code: "validation", fields: ["email", "password"] } }],
      });
      expect(JSON.stringify(outcome.events)).not.toContain(SECRET);
    }
  });

  it("records an anonymous caller's attempt as access.denied", async () => {
    actAs(null);
    const outcome = await callAction(t.database, "app/(portal)/company/disclosures/actions.ts", "createDisclosureAction", [{ reportingPeriod: "2027-H1" }]);
    expect({ status: outcome.status, events: eventsOf(outcome) }).toEqual({
      status: 401,
      events: [{ action: "access.denied", outcome: "denied", actor: null, details: { attempted: "disclosure.edit_own", reason: "unauthenticated" } }],
    });
  });

  it("records a role the caller may not grant as the denial it is, once, and still answers the form's field error", async () => {
    const admin = await signInDemo(t, "admin@hoshino.example");
    actAs(admin);
    const officerId = (await signInDemo(t, "officer@hoshino.example")).userId;
    const outcome = await callAction(t.database, "app/(portal)/admin/users/actions.ts", "changeRoleAction", [{ userId: officerId, role: "agency_approver" }]);
    expect(outcome.status).toBe(422);
    expect(outcome.body).toMatchObject({ ok: false, code: "validation", fieldErrors: { role: ["validation.roleForOrganisation"] } });
    // Not also request.invalid: the anomaly rule for denied bursts counts it, as any refusal of authority.
    expect(eventsOf(outcome)).toEqual([{ action: "access.denied", outcome: "denied", actor: admin.userId, details: { attempted: "user.role_change", reason: "role_not_grantable" } }]);
  });
});

describe("recordRefusal", () => {
  const ctx = (requestId: string): RequestContext => ({ db: t.database.db, actor: null, requestId });

  it("records an unexpected failure as request.failed, and nothing for what is no refusal or cannot be recorded", async () => {
    await recordRefusal({ ctx: ctx("refusal-failed-1"), input: { operation: "GET /api/v1/me", error: new TypeError("boom") } });
    expect((await auditEventsOf(t.database, "refusal-failed-1")).map((e) => ({ action: e.action, outcome: e.outcome, details: e.details }))).toEqual([
      { action: "request.failed", outcome: "error", details: { operation: "GET /api/v1/me" } },
    ]);
    const unreachable = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    for (const error of [new NotFoundError(), new ConflictError("taken"), unreachable]) {
      await recordRefusal({ ctx: ctx("refusal-none"), input: { operation: "GET /x", error } });
    }
    expect(await auditEventsOf(t.database, "refusal-none")).toEqual([]);
  });

  it("keeps at most twenty distinct fields, cuts a long operation, and never throws when it cannot record", async () => {
    const many = new ValidationError(Array.from({ length: 30 }, (_, i) => ({ path: `items.${i % 25}.share`, message: "validation.share" })));
    await recordRefusal({ ctx: ctx("refusal-many"), input: { operation: `GET /${"a".repeat(400)}`, error: many } });
    const [event] = await auditEventsOf(t.database, "refusal-many");
    const details = event!.details as { operation: string; fields: string[] };
    expect(details.fields).toEqual(Array.from({ length: 20 }, (_, i) => `items.${i}.share`));
    expect(details.operation).toHaveLength(300);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = { ...ctx("refusal-broken"), db: { transaction: () => Promise.reject(new Error("no")) } as unknown as RequestContext["db"] };
    await expect(recordRefusal({ ctx: broken, input: { operation: "GET /x", error: new BadRequestError("bad") } })).resolves.toBeUndefined();
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
