import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionModule, actionModules, apiRoutePatterns, callRoute, actAs, routeModule } from "./route-harness";
import { callers } from "./route-inventory";
import { actionRows } from "./route-rows-actions";
import { apiRows, exemptRoutes } from "./route-rows-api";
import { auditedBy, cellName, closeMatrixWorld, expected, fixtures, isApiRow, matrixDatabase, openMatrixWorld, reopenSession, run, takesInput, targetsOf } from "./route-matrix-world";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

// The authorization matrix over every transport, with cookie sessions: each row of the route inventory, as
// every caller, against each of its targets. The expected status follows from the row alone (see
// `expected`, route-matrix-world.ts), and every refusal — an anonymous caller's 401 among them — must leave
// exactly one access.denied event, every success none and the event the row names. The same rows with
// bearer tokens instead: route-matrix-tokens.int.test.ts.

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

beforeAll(openMatrixWorld);
afterAll(closeMatrixWorld);

describe("the route inventory", () => {
  it("has a row for every API route and method it serves, and the others answer 405", async () => {
    const listed = new Set([...apiRows.map((r) => r.route), ...Object.keys(exemptRoutes)]);
    actAs(null);
    for (const pattern of apiRoutePatterns()) {
      const handlers = await routeModule(pattern);
      const exported = methods.filter((m) => typeof handlers[m] === "function");
      expect({ pattern, listed: exported.some((m) => listed.has(`${m} ${pattern}`)) }).toEqual({ pattern, listed: true });
      for (const method of exported.filter((m) => !listed.has(`${m} ${pattern}`))) {
        const outcome = await callRoute(matrixDatabase().database, { method, route: pattern, params: { id: "x", n: "1" } });
        expect({ route: `${method} ${pattern}`, status: outcome.status }).toEqual({ route: `${method} ${pattern}`, status: 405 });
      }
      // OPTIONS names the methods the route serves (those with rows), not every method its file exports.
      if (typeof handlers.OPTIONS === "function") {
        const answer = await handlers.OPTIONS(new Request(`http://harness.test${pattern}`, { method: "OPTIONS" }), { params: Promise.resolve({ id: "x", n: "1" }) });
        const served = methods.filter((m) => listed.has(`${m} ${pattern}`)).flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));
        expect({ pattern, status: answer.status, allow: answer.headers.get("allow") }).toEqual({ pattern, status: 204, allow: [...served, "OPTIONS"].join(", ") });
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
    for (const target of targetsOf(row)) {
      it(cellName(row, target), async () => {
        for (const caller of callers) {
          const want = expected(row, caller, target);
          const outcome = await run(row, caller, target);
          const denials = outcome.events.filter((e) => e.action === "access.denied").length;
          expect({ caller, status: outcome.status, denials }).toEqual({ caller, status: want.status, denials: want.refused ? 1 : 0 });
          const audits = auditedBy(row, caller, target);
          if (audits && want.status < 300) expect({ caller, actions: outcome.events.map((e) => e.action) }).toEqual({ caller, actions: expect.arrayContaining([audits]) });
          // A refusal is problem+json on the API.
          if (isApiRow(row) && outcome.status >= 400) {
            expect({ caller, contentType: outcome.contentType }).toEqual({ caller, contentType: expect.stringContaining("application/problem+json") });
          }
          // Signing out ended the session: open a new one for the rows that follow.
          if (row.route.endsWith("#signOutAction")) await reopenSession(caller);
        }
      });
    }
  }
});

describe("input is checked after authorization", () => {
  const rows = [...apiRows, ...actionRows];

  it("every row that takes input beyond an id has a malformed form", async () => {
    for (const row of rows.filter((r) => r.who !== "anyone" && !r.malformed)) {
      const target = targetsOf(row)[0]!;
      const caller = callers.find((c) => expected(row, c, target).status < 300) ?? "approver";
      expect({ route: row.route, takesInput: takesInput(await row.call(fixtures, target, caller)) }).toEqual({ route: row.route, takesInput: false });
    }
  });

  for (const row of rows.filter((r) => r.malformed)) {
    for (const target of targetsOf(row)) {
      it(`${cellName(row, target)}, malformed`, async () => {
        for (const caller of callers) {
          const want = expected(row, caller, target);
          const outcome = await run(row, caller, target, { shape: row.malformed });
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
