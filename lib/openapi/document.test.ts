import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditExportSchema } from "@/lib/schemas/audit-search";
import { buildOpenApiDocument } from "./document";

const apiRoot = path.join(process.cwd(), "app", "api");

/** Every route file under app/api, as an OpenAPI path template, with the methods its apiMethods serves. */
function servedRoutes(): { path: string; methods: string[]; source: string }[] {
  const found: { path: string; methods: string[]; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const segments = path.relative(apiRoot, dir).split(path.sep);
        if (segments.some((s) => s.startsWith("[["))) continue; // the catch-all 404
        const template = `/api/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
        const source = fs.readFileSync(full, "utf8");
        const served = /apiMethods(?:<[^>]*>)?\(\{([\s\S]*)\}\);?\s*$/.exec(source)?.[1] ?? "";
        const methods = [
          ...[...served.matchAll(/^\s{2}(GET|POST|PUT|PATCH|DELETE):/gm)].map((m) => m[1]!),
          ...[...source.matchAll(/^export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\(/gm)].map((m) => m[1]!),
        ].map((m) => m.toLowerCase());
        found.push({ path: template, methods, source });
      }
    }
  };
  walk(apiRoot);
  return found;
}

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };

  it("describes every method of every API route (a route added without its description fails here)", () => {
    // Not part of the API: the document itself, Auth.js's own endpoints, and the benchmark's reference route (off by default).
    const unlisted = new Set(["/api/v1/openapi.json", "/api/auth/{...nextauth}", "/api/bench/disclosures/{id}"]);
    const routes = servedRoutes().filter((r) => !unlisted.has(r.path));
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => r.methods.length === 0)).toEqual([]);
    const missing = routes.flatMap((r) => r.methods.filter((m) => !document.paths[r.path]?.[m]).map((m) => `${m.toUpperCase()} ${r.path}`));
    expect(missing).toEqual([]);
  });

  it("documents the refusals of a JSON body (400, 413, 415, 422) on every operation that reads one", () => {
    type Operation = { requestBody?: { required?: boolean; content: Record<string, unknown> }; responses: Record<string, unknown> };
    const reading = Object.entries(document.paths).flatMap(([p, methods]) =>
      Object.entries(methods as Record<string, Operation>)
        .filter(([, op]) => op.requestBody?.content?.["application/json"])
        .map(([m, op]) => ({ operation: `${m.toUpperCase()} ${p}`, required: op.requestBody!.required === true, statuses: ["400", "413", "415", "422"].filter((s) => !(s in op.responses)) })),
    );
    expect(reading.length).toBeGreaterThan(10);
    expect(reading.filter((r) => r.statuses.length)).toEqual([]);
    // A body is optional only where the route takes a request without one (an approval, an acknowledgement).
    expect(reading.filter((r) => !r.required).map((r) => r.operation).sort()).toEqual(["POST /api/v1/advisories/{id}/acknowledge", "POST /api/v1/advisories/{id}/approve"]);
  });

  it("documents what routes read and send beyond the body: If-Match with its 428, and Location on 201", () => {
    type Operation = { parameters?: { in: string; name: string }[]; responses: Record<string, { headers?: Record<string, unknown> }> };
    const operation = (p: string, m: string) => document.paths[p]?.[m] as Operation | undefined;
    const conditional = servedRoutes().filter((r) => r.source.includes("revisionFromIfMatch("));
    expect(conditional.length).toBeGreaterThan(1);
    for (const route of conditional) {
      const op = operation(route.path, route.methods.find((m) => m !== "get")!)!;
      expect({ route: route.path, ifMatch: op.parameters?.some((p) => p.in === "header" && p.name === "If-Match"), has428: "428" in op.responses }).toEqual({
        route: route.path,
        ifMatch: true,
        has428: true,
      });
    }
    const locating = servedRoutes().filter((r) => /location: /.test(r.source));
    expect(locating.length).toBeGreaterThan(1);
    for (const route of locating) {
      expect({ route: route.path, location: Boolean(operation(route.path, "post")?.responses["201"]?.headers?.["Location"]) }).toEqual({ route: route.path, location: true });
    }
  });

  it("lists 429 with Retry-After beside every 401, and the problem's retryAfterSeconds and current", () => {
    type Operation = { responses: Record<string, { headers?: Record<string, unknown> }> };
    const operations = Object.entries(document.paths).flatMap(([p, methods]) => Object.entries(methods as Record<string, Operation>).map(([m, op]) => ({ name: `${m.toUpperCase()} ${p}`, op })));
    const needCaller = operations.filter(({ op }) => op.responses["401"]);
    expect(needCaller.length).toBeGreaterThan(15);
    expect(needCaller.filter(({ op }) => !op.responses["429"]?.headers?.["Retry-After"]).map((o) => o.name)).toEqual([]);
    const problem = (document as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }).components.schemas.Problem!;
    expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(["retryAfterSeconds", "current"]));
  });

  it("documents the audit search's action as one action or a comma-separated list, with a pattern the schema agrees with", () => {
    type Operation = { parameters: { name: string; in: string; schema: { type: string; pattern: string } }[] };
    for (const route of ["/api/v1/audit/events", "/api/v1/audit/export.csv"]) {
      const action = (document.paths[route]!.get as Operation).parameters.find((p) => p.in === "query" && p.name === "action")!;
      expect(action.schema.type).toBe("string");
      const pattern = new RegExp(action.schema.pattern);
      for (const value of ["auth.sign_in", "disclosure.read,profile.read", "disclosure.read , profile.read"]) {
        expect([value, pattern.test(value), auditExportSchema.safeParse({ action: value }).success]).toEqual([value, true, true]);
      }
      for (const value of ["", "a b", "auth.sign_in,", ",auth.sign_in", "a;b"]) expect([value, pattern.test(value)]).toEqual([value, false]);
    }
  });
});
