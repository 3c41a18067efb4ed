import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ForbiddenError } from "@/lib/services/errors";
import type { RequestContext } from "@/lib/services/context";

// requirePageContext refuses a page the person did not ask for (an image, a link on another site) and records
// the refusal: here the request's headers, the session and the recording are the test's.
const request = vi.hoisted(() => ({ headers: new Headers() }));
const refusePage = vi.hoisted(() => vi.fn());
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("@/lib/services/refuse-page", () => ({ refusePage }));
vi.mock("./current-actor", () => ({
  currentContext: async (): Promise<RequestContext> =>
    ({ requestId: "req-page-guard", actor: { userId: "u1", orgId: "o1", role: "agency_reviewer" } }) as unknown as RequestContext,
}));

const { requirePageContext } = await import("./page-guard");

/** Where the guard sent the request: the digest of Next's redirect or not-found signal. */
async function outcome(): Promise<string> {
  try {
    await requirePageContext();
    return "opened";
  } catch (error) {
    return String((error as { digest?: string }).digest);
  }
}

const crossSite = (path: string) => new Headers({ "x-page-path": path, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" });

describe("requirePageContext on a page the person did not ask for", () => {
  beforeEach(() => {
    refusePage.mockReset().mockImplementation(async () => {
      throw new ForbiddenError("serviceErrors.pageNotAsked");
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it("sends a link of another site to the confirmation page, and records the refusal with the path as seen", async () => {
    request.headers = crossSite("/agency/disclosures/d1?tab=versions");
    expect(await outcome()).toMatch(/^NEXT_REDIRECT;replace;\/continue\?to=%2Fagency%2Fdisclosures%2Fd1%3Ftab%3Dversions;/);
    expect(refusePage.mock.calls.map(([call]) => call.input)).toEqual([{ path: "/agency/disclosures/d1?tab=versions", reason: "cross_site_read" }]);
  });

  it("offers no link to an address longer than the confirmation page leads to", async () => {
    request.headers = crossSite(`/company/advisories?q=${"a".repeat(2000)}`);
    expect(await outcome()).toMatch(/^NEXT_REDIRECT;replace;\/continue\?to=;/);
  });

  it("answers not found to a page fetched as an image", async () => {
    request.headers = new Headers({ "x-page-path": "/company", "sec-fetch-site": "same-origin", "sec-fetch-dest": "image" });
    expect(await outcome()).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect(refusePage.mock.calls.map(([call]) => call.input.reason)).toEqual(["embedded_request"]);
  });

  it("logs a refusal it could not record, and refuses the page all the same", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    refusePage.mockImplementation(async () => {
      throw new Error("the database is gone");
    });
    request.headers = crossSite("/company");
    expect(await outcome()).toMatch(/^NEXT_REDIRECT;replace;\/continue\?to=%2Fcompany;/);
    expect(log.mock.calls.map(([message]) => message)).toEqual(["[req-page-guard] could not record the refusal of GET /company"]);
  });

  it("logs nothing when the refusal was recorded, and opens a page the person asked for without recording anything", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    request.headers = crossSite("/company");
    await outcome();
    request.headers = new Headers({ "x-page-path": "/company", "sec-fetch-site": "same-origin", "sec-fetch-dest": "document" });
    refusePage.mockReset();
    expect(await outcome()).toBe("opened");
    expect([log.mock.calls, refusePage.mock.calls]).toEqual([[], []]);
  });
});
