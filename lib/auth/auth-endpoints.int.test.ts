import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as route from "@/app/api/auth/[...nextauth]/route";
import { useDatabase } from "@/lib/testing/route-harness";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

// Auth.js's endpoints as the route serves them. Auth.js serves a sign-out endpoint of its own, which clears
// the cookie and leaves the server-side session open. Signing out is signOutAction's alone (it ends the
// session and records auth.sign_out; the route matrix calls it), so the route does not serve that endpoint
// at all. Its other endpoints pass, but what they refuse answers as the API does (problem+json) or lands
// on the portal's sign-in page, and a stray request is one line in the log, not a stack trace.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabase(t.database);
});
afterAll(async () => {
  await t?.close();
});

const origin = "http://localhost:3000";
const GET = (request: Request) => route.GET(request, { params: Promise.resolve({}) });
const POST = (request: Request) => route.POST(request, { params: Promise.resolve({}) });
let calls = 0;
const requestId = () => `sign-out-endpoint-${++calls}-${Date.now()}`;

/** Auth.js's CSRF token and the cookie that goes with it, as a browser gets them before posting a form. */
async function csrf(): Promise<{ csrfToken: string; cookie: string }> {
  const response = await GET(new Request(`${origin}/api/auth/csrf`));
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, cookie: response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
}

describe("Auth.js's sign-out endpoint", () => {
  it("answers 404 problem+json to a well-formed sign-out post, clearing no cookie and writing nothing", async () => {
    const { csrfToken, cookie } = await csrf();
    const id = requestId();
    const response = await POST(
      new Request(`${origin}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-request-id": id },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
      }),
    );
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 404, requestId: id });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await auditEventsOf(t.database, id)).toEqual([]);
  });

  it("answers 404 to its confirmation page and to the path as Auth.js would also read it", async () => {
    for (const path of ["/api/auth/signout", "/api/auth/signout/", "/api/auth//signout", "/api/auth/signout?callbackUrl=%2F"]) {
      const response = await GET(new Request(`${origin}${path}`));
      expect({ path, status: response.status, type: response.headers.get("content-type") }).toEqual({ path, status: 404, type: expect.stringContaining("application/problem+json") });
    }
    const posted = await POST(new Request(`${origin}/api/auth/signout/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" }));
    expect(posted.status).toBe(404);
  });

  it("answers 404 to its session endpoint, which would vouch for a session the server ended and renew its cookie", async () => {
    for (const path of ["/api/auth/session", "/api/auth//session/"]) {
      const response = await GET(new Request(`${origin}${path}`));
      expect({ path, status: response.status, cookie: response.headers.get("set-cookie") }).toEqual({ path, status: 404, cookie: null });
    }
    expect((await POST(new Request(`${origin}/api/auth/session`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }))).status).toBe(404);
  });

  it("still serves Auth.js's other endpoints", async () => {
    expect((await csrf()).csrfToken).toMatch(/\S/);
    const providers = await GET(new Request(`${origin}/api/auth/providers`));
    expect(providers.status).toBe(200);
  });
});

describe("Auth.js's endpoints refusing a request", () => {
  it("answers what it does not serve as problem+json with the reference, logging one line and no stack trace", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const id = requestId();
      const response = await GET(new Request(`${origin}/api/auth/no-such-action`, { headers: { "x-request-id": id } }));
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 400, requestId: id, detail: "This sign-in endpoint does not serve such a request." });
      expect(errors).not.toHaveBeenCalled();
      expect(warnings.mock.calls).toEqual([["[auth] refused a request: UnknownAction"]]);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });

  it("sends its errors to the portal's sign-in page, never to its own English-only error page", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const path of ["/api/auth/error?error=Configuration", "/api/auth/signin/credentials"]) {
        const response = await GET(new Request(`${origin}${path}`));
        const location = new URL(response.headers.get("location") ?? "/", origin);
        expect({ path, status: response.status, page: location.pathname, error: location.searchParams.get("error") }).toEqual({
          path,
          status: 302,
          page: "/sign-in",
          error: expect.stringMatching(/\S/),
        });
      }
      // A provider there is not: 404 before Auth.js, which would log a stack trace and redirect.
      for (const [method, path] of [["GET", "/api/auth/callback/no-such-provider"], ["POST", "/api/auth/signin/no-such-provider"], ["GET", "/api/auth//callback/x/y"]] as const) {
        const response = await (method === "GET" ? GET : POST)(new Request(`${origin}${path}`, { method }));
        expect({ path, status: response.status, type: response.headers.get("content-type") }).toEqual({ path, status: 404, type: expect.stringContaining("application/problem+json") });
      }
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([]);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });
});
