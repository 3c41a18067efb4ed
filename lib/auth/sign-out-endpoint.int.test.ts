import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { useDatabase } from "@/lib/testing/route-harness";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

// Auth.js serves a sign-out endpoint of its own, which clears the cookie and leaves the server-side
// session open. Signing out is signOutAction's alone (it ends the session and records auth.sign_out; the
// route matrix calls it), so the route does not serve that endpoint at all. Its other endpoints pass.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabase(t.database);
});
afterAll(async () => {
  await t?.close();
});

const origin = "http://localhost:3000";
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

  it("still serves Auth.js's other endpoints", async () => {
    expect((await csrf()).csrfToken).toMatch(/\S/);
    const session = await GET(new Request(`${origin}/api/auth/session`));
    expect(session.status).toBe(200);
  });
});
