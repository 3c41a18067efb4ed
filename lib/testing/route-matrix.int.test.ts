import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { advisories, auditEvents, disclosures, memberships, organisations, productAssignments, userSessions, users as usersTable } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo";
import { hashPassword } from "@/lib/security/passwords";
import { approveAdvisory } from "@/lib/services/approve-advisory";
import type { AuthenticatedUser } from "@/lib/services/authenticate-user";
import { createAdvisory } from "@/lib/services/create-advisory";
import { createApiToken } from "@/lib/services/create-api-token";
import { createDisclosure } from "@/lib/services/create-disclosure";
import { declareConflict } from "@/lib/services/declare-conflict";
import { inviteUser } from "@/lib/services/invite-user";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";
import type { CreateAdvisoryInput } from "@/lib/schemas/advisory";
import { actAs, actionModule, actionModules, apiRoutePatterns, callAction, callRoute, routeModule, useDatabase, type Outcome } from "./route-harness";
import { callerEmails, callers, roleOf, type Call, type Caller, type Fixtures, type Row, type Target } from "./route-inventory";
import { actionRows } from "./route-rows-actions";
import { apiRows, exemptRoutes } from "./route-rows-api";
import { createTestDatabase, signInDemo, type TestDatabase } from "./test-database";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

// The authorization matrix over every transport: each row of the route inventory, as every caller,
// against each of its targets. The expected status follows from the row alone (see `expected`), and every
// refusal — an anonymous caller's 401 among them — must leave exactly one access.denied event, every
// success none and the event the row names.

let t: TestDatabase;
const sessions = new Map<Caller, AuthenticatedUser>();
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

async function signIn(caller: Caller): Promise<void> {
  if (caller === "otherAgency") sessions.set(caller, await otherMinistryReviewer());
  else if (caller !== "anonymous") sessions.set(caller, await signInDemo(t, callerEmails[caller]));
}

/** A reviewer of a second ministry, assigned permanent magnets, with an open session (as after a sign-in with TOTP). */
async function otherMinistryReviewer(): Promise<AuthenticatedUser> {
  const db = t.database.db;
  const [org] = await db.insert(organisations).values({ type: "agency", nameEn: "Ministry of Route Matrices", nameJa: "経路行列省" }).returning({ id: organisations.id });
  // The demo's password, like every other caller's (changes to one's second factor ask for it again).
  const [user] = await db
    .insert(usersTable)
    .values({ email: "reviewer@matrix-ministry.example", displayName: "Other Ministry Reviewer", passwordHash: await hashPassword(DEMO_PASSWORD) })
    .returning({ id: usersTable.id });
  await db.insert(memberships).values({ userId: user!.id, organisationId: org!.id, role: "agency_reviewer" });
  await db.insert(productAssignments).values({ userId: user!.id, productCode: "permanent_magnets" });
  const [session] = await db.insert(userSessions).values({ userId: user!.id, expiresAt: new Date(Date.now() + 3_600_000), mfa: true }).returning({ id: userSessions.id });
  return { userId: user!.id, email: "reviewer@matrix-ministry.example", displayName: "Other Ministry Reviewer", orgId: org!.id, orgType: "agency", role: "agency_reviewer", sessionId: session!.id };
}

/** After signing out: the same person opens another session (a second sign-in would need the next TOTP step). */
async function reopenSession(caller: Caller): Promise<void> {
  if (caller === "anonymous") return;
  const previous = sessions.get(caller)!;
  const [row] = await t.database.db
    .insert(userSessions)
    .values({ userId: previous.userId, expiresAt: new Date(Date.now() + 3_600_000), mfa: true })
    .returning({ id: userSessions.id });
  sessions.set(caller, { ...previous, sessionId: row!.id });
}

function as(caller: Caller): void {
  actAs(caller === "anonymous" ? null : sessions.get(caller)!);
}

let period = 0;
let users = 0;
const fixtures: Fixtures = {
  async hoshinoDraft() {
    period += 1;
    const ctx = await t.ctxFor(callerEmails.hoshinoOfficer);
    const created = await createDisclosure({ ctx, input: { reportingPeriod: `${2100 + Math.floor(period / 2)}-H${(period % 2) + 1}`, items: [{ productCode: "permanent_magnets", stage: "component", supplierCountry: "JP", sharePercent: 50, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false }] } });
    return { id: created.id, revision: created.revision };
  },
  async advisory(state) {
    const reviewer = await t.ctxFor(callerEmails.reviewer);
    const input: CreateAdvisoryInput = {
      title: "Route matrix advisory",
      summary: "An advisory made for one call of the route matrix.",
      body: "Made for one call.",
      severity: "moderate",
      tlp: "AMBER",
      targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] },
    };
    const { id } = await createAdvisory({ ctx: reviewer, input });
    if (state === "draft") return id;
    await requestAdvisoryApproval({ ctx: await t.ctxFor(callerEmails.reviewer), input: { id } });
    if (state === "pending_approval") return id;
    await approveAdvisory({ ctx: await t.ctxFor(callerEmails.approver), input: { id } });
    return id;
  },
  async advisoryVersionOf(id) {
    const [row] = await t.database.db.select({ version: advisories.version }).from(advisories).where(eq(advisories.id, id));
    return row!.version;
  },
  async revisionOf(id) {
    const [row] = await t.database.db.select({ revision: disclosures.revision }).from(disclosures).where(eq(disclosures.id, id));
    return row!.revision;
  },
  async user(org) {
    const ctx = await t.ctxFor(callerEmails.platformAdmin);
    users += 1;
    const role = org === "esb" ? "agency_reviewer" : "company_officer";
    const { userId } = await inviteUser({ ctx, input: { email: `fixture-${users}@${org}.example`, displayName: `Fixture ${users}`, organisationId: demoOrgIds[org], role } });
    return userId;
  },
  async otherSession(caller) {
    const [row] = await t.database.db
      .insert(userSessions)
      .values({ userId: sessions.get(caller)!.userId, expiresAt: new Date(Date.now() + 3_600_000), mfa: true })
      .returning({ id: userSessions.id });
    return row!.id;
  },
  async hoshinoToken() {
    const { id } = await createApiToken({ ctx: await t.ctxFor(callerEmails.hoshinoAdmin), input: { name: "Fixture", expiresInDays: 7 } });
    return id;
  },
  async conflict() {
    const ctx = await t.ctxFor(callerEmails.platformAdmin);
    const { id } = await declareConflict({ ctx, input: { userId: "00000000-0000-4000-9000-000000000011", companyId: demoOrgIds.aoba, reason: "Fixture: a declared interest.", validFrom: "2026-01-01" } });
    return id;
  },
  async someAuditEventId() {
    const [row] = await t.database.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    return String(row!.id);
  },
};

/** What a caller must get: 401 without a session, 403 (404 when hidden) without the permission, 404 out of scope, 403 where the row forbids the object, else the row's status; each refusal is audited. */
function expected(row: Row, caller: Caller, target: Target): { status: number; refused: boolean } {
  const role = roleOf[caller];
  if (row.who !== "anyone") {
    if (role === null) return { status: 401, refused: true };
    if (row.who !== "signed-in" && !row.who.includes(role)) return { status: row.hidden ? 404 : 403, refused: true };
    if (row.inScope && !row.inScope(caller, target)) return { status: 404, refused: true };
    if (row.forbidden?.(caller, target)) return { status: 403, refused: true };
  }
  const status = typeof row.status === "function" ? row.status(caller, target) : (row.status ?? 200);
  return { status, refused: false };
}

async function run(row: Row, caller: Caller, target: Target, shape: (call: Call) => Call = (call) => call): Promise<Outcome> {
  const call = shape(await row.call(fixtures, target, caller));
  as(caller);
  if (call.kind === "route") return callRoute(t.database, call);
  const [file, name] = row.route.split("#") as [string, string];
  return callAction(t.database, file, name, call.args);
}

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabase(t.database);
  for (const caller of callers) await signIn(caller);
});
afterAll(async () => {
  await t?.close();
});

describe("the route inventory", () => {
  it("has a row for every API route and method it serves, and the others answer 405", async () => {
    const listed = new Set([...apiRows.map((r) => r.route), ...Object.keys(exemptRoutes)]);
    as("anonymous");
    for (const pattern of apiRoutePatterns()) {
      const handlers = await routeModule(pattern);
      const exported = methods.filter((m) => typeof handlers[m] === "function");
      expect({ pattern, listed: exported.some((m) => listed.has(`${m} ${pattern}`)) }).toEqual({ pattern, listed: true });
      for (const method of exported.filter((m) => !listed.has(`${m} ${pattern}`))) {
        const outcome = await callRoute(t.database, { method, route: pattern, params: { id: "x", n: "1" } });
        expect({ route: `${method} ${pattern}`, status: outcome.status }).toEqual({ route: `${method} ${pattern}`, status: 405 });
      }
    }
    for (const row of apiRows) expect(apiRoutePatterns()).toContain(row.route.split(" ")[1]);
  });

  it("has a row for every server action", async () => {
    const listed = new Set(actionRows.map((r) => r.route));
    for (const file of actionModules()) {
      for (const [name, value] of Object.entries(await actionModule(file))) {
        if (typeof value === "function") expect(listed).toContain(`${file}#${name}`);
      }
    }
  });
});

describe("the authorization matrix", () => {
  for (const row of [...apiRows, ...actionRows]) {
    for (const target of row.targets ?? (["-"] as const)) {
      it(`${row.route}${row.label ? ` (${row.label})` : ""}${target === "-" ? "" : ` × ${target}`}`, async () => {
        for (const caller of callers) {
          const want = expected(row, caller, target);
          const outcome = await run(row, caller, target);
          const denials = outcome.events.filter((e) => e.action === "access.denied").length;
          expect({ caller, status: outcome.status, denials }).toEqual({ caller, status: want.status, denials: want.refused ? 1 : 0 });
          const audits = typeof row.audits === "function" ? row.audits(caller, target) : row.audits;
          if (audits && want.status < 300) expect({ caller, actions: outcome.events.map((e) => e.action) }).toEqual({ caller, actions: expect.arrayContaining([audits]) });
          // A refusal is problem+json on the API.
          if (row.route.startsWith("/") || /^[A-Z]+ \//.test(row.route)) {
            if (outcome.status >= 400) expect({ caller, contentType: outcome.contentType }).toEqual({ caller, contentType: expect.stringContaining("application/problem+json") });
          }
          // Signing out ended the session: open a new one for the rows that follow.
          if (row.route.endsWith("#signOutAction")) await reopenSession(caller);
        }
      });
    }
  }
});

/** Whether a call carries input beyond the ids it names: a JSON body, or an action's values with other fields. */
function takesInput(call: Call): boolean {
  if (call.kind === "route") return call.body !== undefined;
  return call.args.some((arg) => arg !== null && typeof arg === "object" && !(arg instanceof FormData) && Object.keys(arg).some((key) => key !== "id"));
}

describe("input is checked after authorization", () => {
  const rows = [...apiRows, ...actionRows];

  it("every row that takes input beyond an id has a malformed form", async () => {
    for (const row of rows.filter((r) => r.who !== "anyone" && !r.malformed)) {
      const target = row.targets?.[0] ?? "-";
      const caller = callers.find((c) => expected(row, c, target).status < 300) ?? "approver";
      expect({ route: row.route, takesInput: takesInput(await row.call(fixtures, target, caller)) }).toEqual({ route: row.route, takesInput: false });
    }
  });

  for (const row of rows.filter((r) => r.malformed)) {
    for (const target of row.targets ?? (["-"] as const)) {
      it(`${row.route}${row.label ? ` (${row.label})` : ""}${target === "-" ? "" : ` × ${target}`}, malformed`, async () => {
        for (const caller of callers) {
          const want = expected(row, caller, target);
          const outcome = await run(row, caller, target, row.malformed);
          const actions = outcome.events.map((e) => e.action);
          // Refused as the well-formed call is, its access.denied event and all; a caller who may act gets 422,
          // recorded as request.invalid with nothing else written.
          if (want.refused) {
            expect({ caller, status: outcome.status, actions }).toEqual({ caller, status: want.status, actions: ["access.denied"] });
          } else {
            expect({ caller, status: outcome.status, actions }).toEqual({ caller, status: 422, actions: ["request.invalid"] });
          }
        }
      });
    }
  }
});

