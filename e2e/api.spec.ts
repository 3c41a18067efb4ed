import { expect, expectProblem, getOwnProfile, noSession, test, type ProfileBody } from "./fixtures";
import { storageStateFor } from "./roles";

// Only this spec changes Kawasemi Battery; its product list is always sent back unchanged.

test.describe("anonymous callers", () => {
  test.use({ storageState: noSession });

  test("the health check answers ok on the embedded database", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok", database: "pglite" });
  });

  test("the benchmark's bare reference route is off unless the benchmark turns it on", async ({ request }) => {
    await expectProblem(await request.get("/api/bench/disclosures/00000000-0000-4000-b000-000000000101"), 404);
  });

  test("the OpenAPI document is 3.1 and describes every route", async ({ request }) => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const document = (await response.json()) as { openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.title).toBe("Kakehashi API");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/api/health", "/api/v1/me", "/api/v1/organisation/profile", "/api/v1/organisations/{id}/profile"]),
    );
    expect(Object.keys(document.paths["/api/v1/organisation/profile"] ?? {})).toEqual(expect.arrayContaining(["get", "put"]));
    const put = document.paths["/api/v1/organisation/profile"]?.put as { responses: Record<string, unknown> };
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "413", "415", "422"]));
  });

  test("/api/v1/me without a session or token is 401 problem+json", async ({ request }) => {
    const response = await request.get("/api/v1/me");
    const problem = await expectProblem(response, 401);
    expect(problem.title).toBe("Unauthenticated");
    expect(response.headers()["www-authenticate"]).toMatch(/^Bearer /);
  });

  test("the profile API refuses anonymous reads and writes", async ({ request }) => {
    await expectProblem(await request.get("/api/v1/organisation/profile"), 401);
    await expectProblem(await request.put("/api/v1/organisation/profile", { data: { contactName: "x", contactPhone: "+81 3-0000-0000", productCodes: [] } }), 401);
  });

  test("a token that is not ours is 401, and so is a scheme other than Bearer", async ({ request }) => {
    const fake = `khk_${"A".repeat(43)}`;
    await expectProblem(await request.get("/api/v1/me", { headers: { authorization: `Bearer ${fake}` } }), 401);
    await expectProblem(await request.get("/api/v1/me", { headers: { authorization: "Basic b2ZmaWNlcjpwdw==" } }), 401);
  });

  test("an unknown API route is 404 problem+json, not the HTML page", async ({ request }) => {
    const problem = await expectProblem(await request.get("/api/v1/no-such-thing"), 404);
    expect(problem.title).toBe("Not found");
    await expectProblem(await request.post("/api/v1/organisation/profile/extra", { data: {} }), 404);
  });

  test("a method a route does not serve is 405 problem+json naming the allowed methods", async ({ request }) => {
    const response = await request.delete("/api/v1/me");
    await expectProblem(response, 405);
    expect(response.headers()["allow"]).toContain("GET");
    const put = await request.post("/api/v1/organisation/profile", { data: {} });
    await expectProblem(put, 405);
    expect(put.headers()["allow"]).toBe("GET, HEAD, PUT, OPTIONS");
    // OPTIONS names the route's own methods, not every method its file exports.
    const options = await request.fetch("/api/v1/organisation/profile", { method: "OPTIONS" });
    expect(options.status()).toBe(204);
    expect(options.headers()["allow"]).toBe("GET, HEAD, PUT, OPTIONS");
  });

  test("the bare /api/v1 path answers 404 problem+json, not the HTML page", async ({ request }) => {
    await expectProblem(await request.get("/api/v1"), 404);
  });
});

test.describe("Kawasemi's officer writing the profile", () => {
  test.use({ storageState: storageStateFor("kawasemiOfficer") });

  const path = "/api/v1/organisation/profile";
  const inputOf = (p: ProfileBody) => ({
    contactName: p.contactName ?? "",
    contactEmail: p.contactEmail ?? "",
    contactPhone: p.contactPhone ?? "",
    productCodes: p.productCodes,
  });

  test("every malformed request is refused with its own status and changes nothing", async ({ request }) => {
    const before = await getOwnProfile(request);
    const valid = inputOf(before);
    const json = { "content-type": "application/json" };

    await test.step("malformed JSON → 400", async () => {
      // A Buffer, because Playwright would JSON-encode a string that does not parse.
      await expectProblem(await request.put(path, { headers: json, data: Buffer.from('{"contactName": "Daichi",') }), 400);
    });

    await test.step("an unknown field → 422 naming it", async () => {
      const problem = await expectProblem(await request.put(path, { data: { ...valid, favouriteColour: "teal" } }), 422);
      expect(problem.errors?.length).toBeGreaterThan(0);
      expect(problem.errors?.some((e) => `${e.path} ${e.message}`.includes("favouriteColour"))).toBe(true);
    });

    await test.step("wrong types → 422 listing every path", async () => {
      const problem = await expectProblem(
        await request.put(path, { data: { contactName: 42, contactEmail: "not-an-email", contactPhone: true, productCodes: ["permanent_magnets", "unobtainium"] } }),
        422,
      );
      const paths = problem.errors?.map((e) => e.path) ?? [];
      expect(paths).toEqual(expect.arrayContaining(["contactName", "contactEmail", "contactPhone", "productCodes.1"]));
      for (const error of problem.errors ?? []) expect(error.message).toEqual(expect.any(String));
    });

    await test.step("a body over 1 MiB → 413", async () => {
      const huge = JSON.stringify({ ...valid, contactName: "x".repeat(1024 * 1024 + 16) });
      await expectProblem(await request.put(path, { headers: json, data: Buffer.from(huge) }), 413);
    });

    await test.step("text/plain → 415", async () => {
      await expectProblem(await request.put(path, { headers: { "content-type": "text/plain" }, data: Buffer.from(JSON.stringify(valid)) }), 415);
    });

    await test.step("the session's cookie sent by a page of another site → 403", async () => {
      const problem = await expectProblem(await request.put(path, { headers: { origin: "https://evil.example" }, data: { ...valid, contactName: "Forged" } }), 403);
      expect(problem.detail).toContain("another site");
    });

    const after = await getOwnProfile(request);
    expect(after).toEqual(before);
  });

  test("a refused request is on the auditors' record, with the fields at fault and never their values", async ({ request, playwright, baseURL }) => {
    const requestId = `e2e-refused-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const secret = "never-in-the-log.example";
    await expectProblem(await request.put(path, { headers: { "x-request-id": requestId }, data: { contactName: 42, contactEmail: secret } }), 422);

    const auditor = await playwright.request.newContext({ baseURL, storageState: storageStateFor("auditor") });
    try {
      const response = await auditor.get("/api/v1/audit/events?action=request.invalid&limit=200");
      expect(response.status()).toBe(200);
      const { items } = (await response.json()) as { items: { requestId: string; outcome: string; actorEmail: string; details: { fields: string[] } }[] };
      const event = items.find((e) => e.requestId === requestId);
      expect(event).toMatchObject({
        outcome: "error",
        actorEmail: "officer@kawasemi.example",
        details: { operation: `PUT ${path}`, status: 422, code: "validation" },
      });
      expect(event!.details.fields).toEqual(expect.arrayContaining(["contactName", "contactEmail"]));
      expect(JSON.stringify(event)).not.toContain(secret);
    } finally {
      await auditor.dispose();
    }
  });

  test("a signed-in read is never kept by a cache", async ({ request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
  });

  test("a valid PUT saves the profile and increments the version", async ({ request }) => {
    const before = await getOwnProfile(request);
    const contactName = `Daichi Kobayashi ${Date.now().toString(36)}`;

    const response = await request.put(path, { data: { ...inputOf(before), contactName } });
    expect(response.status(), await response.text()).toBe(200);
    const saved = (await response.json()) as ProfileBody;
    expect(saved).toMatchObject({ contactName, version: before.version + 1, contactPhone: before.contactPhone });
    expect([...saved.productCodes].sort()).toEqual([...before.productCodes].sort());

    expect(await getOwnProfile(request)).toEqual(saved);
  });
});
