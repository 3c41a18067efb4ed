import { expect, test } from "./fixtures";
import { pages } from "./pages";
import { storageStateFor } from "./roles";

// What a signed-in user sees is never kept by a cache, shared or the browser's (ASVS V8.1.1, V8.2.1): every
// page answers `private, no-store`, as a document and as the payload a client-side navigation fetches.
// (API answers: e2e/api.spec.ts.) Read-only: these may run on both workers at once.
test.describe.configure({ mode: "parallel" });

function expectUncached(headers: Record<string, string>, what: string): void {
  const directives = (headers["cache-control"] ?? "").split(/,\s*/);
  expect(directives, what).toEqual(expect.arrayContaining(["private", "no-store"]));
}

for (const { path, account, status = 200 } of pages) {
  if (account === null) continue;
  test.describe(`${path} as ${account}`, () => {
    test.use({ storageState: storageStateFor(account) });

    test("is never kept by a cache, as a document or as a navigation's payload", async ({ page }) => {
      const document = await page.request.get(path, { maxRedirects: 0 });
      expect(document.status()).toBe(status);
      expect(document.headers()["content-type"]).toMatch(/^text\/html/);
      expectUncached(document.headers(), "document");
      // A client-side navigation fetches the page's React Server Components payload (Next.js first sends
      // such a request, without its cache-busting parameter, on to the address that has it).
      const payload = await page.request.get(path, { headers: { rsc: "1" } });
      expect(payload.status()).toBe(status);
      expect(payload.headers()["content-type"]).toMatch(/^text\/x-component/);
      expectUncached(payload.headers(), "payload");
    });
  });
}
