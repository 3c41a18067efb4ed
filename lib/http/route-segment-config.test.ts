import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every API route says how Next.js should render it. Left to "auto", Next.js runs a route handler under its
// tracking of dynamic APIs and caching on every request: about 0.6 ms of the server's CPU per request here
// (BENCHMARKS.md, "Disclosures"), for routes that are all per-caller. Only the OpenAPI document is built once.
const root = path.resolve(import.meta.dirname, "../..");
const routes = (fs.readdirSync(path.join(root, "app", "api"), { recursive: true }) as string[])
  .filter((file) => path.basename(file) === "route.ts")
  .map((file) => path.join("app", "api", file));

describe("API route segment config", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it.each(routes)("%s declares how it is rendered", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const declared = /^export const dynamic = "([a-z-]+)";$/m.exec(text)?.[1];
    expect(declared).toBe(file.includes("openapi.json") ? "force-static" : "force-dynamic");
  });

  // Every route but the catch-all, which answers 404 to every method; Auth.js's endpoints and the benchmark's reference too.
  const ownMethods = routes.filter((file) => !/\[\[\.\.\.rest\]\]/.test(file));

  it.each(ownMethods)("%s answers a method it does not serve with 405 problem+json (apiMethods)", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    expect(text).toMatch(/^export const \{ GET, POST, PUT, PATCH, DELETE, OPTIONS \} = apiMethods/m);
  });
});
