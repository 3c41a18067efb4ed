import { expect, expectProblem, noSession, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Methods no resource serves get a clear refusal from the built server, never a 500 (lib/http/methods.ts,
// lib/http/method-guard.ts): a page answers 405 naming its methods, the API 501 problem+json, and an API
// route's own 405 names the route's methods. Read-only: these may run on both workers at once.
test.describe.configure({ mode: "parallel" });

const pagePaths = ["/", "/sign-in", "/disclosures"];
const apiPaths = ["/api/v1/me", "/api/v1/disclosures", "/api/v1/x", "/api/health"];

for (const [who, storageState] of [
  ["anonymous", noSession],
  ["signed in", storageStateFor("kawasemiOfficer")],
] as const) {
  test.describe(`${who}`, () => {
    test.use({ storageState });

    test("TRACE, and a method Node knows that no resource serves, are refused everywhere", async ({ request }) => {
      for (const method of ["TRACE", "PROPFIND"]) {
        for (const path of pagePaths) {
          const response = await request.fetch(path, { method, maxRedirects: 0 });
          expect(response.status(), `${method} ${path}`).toBe(405);
          expect(response.headers()["allow"]).toBe("GET, HEAD, POST");
        }
        for (const path of apiPaths) {
          const problem = await expectProblem(await request.fetch(path, { method }), 501);
          expect(problem.detail).toBe(`No API resource answers ${method}.`);
        }
      }
    });

    test("a path whose percent-escapes do not decode is bad input (400), never a 500", async ({ request }) => {
      for (const path of ["/api/v1/disclosures/%ZZ", "/api/v1/advisories/%FF/csaf", "/api/v1/nope/%ZZ"]) {
        const problem = await expectProblem(await request.get(path), 400);
        expect(problem.detail, path).toBe("The request's path holds a percent-escape that does not decode to UTF-8 text.");
      }
      const page = await request.get("/company/disclosures/%ZZ", { maxRedirects: 0 });
      expect(page.status()).toBe(400);
      expect(await page.text()).toContain("This address is not valid");
      expect(page.headers()["content-security-policy"]).toBeTruthy();
    });

    test("a page refuses the methods it does not serve and answers HEAD", async ({ request }) => {
      for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
        const response = await request.fetch("/sign-in", { method, maxRedirects: 0 });
        expect(response.status(), method).toBe(405);
        expect(response.headers()["allow"]).toBe("GET, HEAD, POST");
        expect(response.headers()["x-content-type-options"]).toBe("nosniff");
      }
      expect((await request.head("/sign-in")).status()).toBe(200);
    });

    test("an API route's methods are its own: 405 problem+json with its Allow header", async ({ request }) => {
      const patch = await request.patch("/api/v1/disclosures", { data: {} });
      await expectProblem(patch, 405);
      expect(patch.headers()["allow"]).toBe("GET, HEAD, POST, OPTIONS");
      expect((await request.head("/api/health")).status()).toBe(200);
      // Auth.js's endpoints and the benchmark's reference route too, not Next.js's bare 405.
      for (const [path, allow] of [
        ["/api/auth/csrf", "GET, HEAD, POST, OPTIONS"],
        ["/api/bench/disclosures/x", "GET, HEAD, OPTIONS"],
      ] as const) {
        const refused = await request.delete(path);
        await expectProblem(refused, 405);
        expect(refused.headers()["allow"], path).toBe(allow);
      }
    });

    test("a method token Node's parser does not know is its 400, not a 500", async ({ request }) => {
      for (const path of ["/", "/api/v1/me"]) expect((await request.fetch(path, { method: "FOO" })).status()).toBe(400);
    });
  });
}
