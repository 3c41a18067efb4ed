import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { expect, expectProblem, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Only this spec writes Aoba Semiconductor Materials' disclosures (period 2028-H1).

const item = { productCode: "crm_gallium", stage: "raw_material", supplierCountry: "CN", sharePercent: 80, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false };

test.describe.serial("the disclosures API", () => {
  let id = "";
  let etag = "";

  test.describe("as Aoba's officer", () => {
    test.use({ storageState: storageStateFor("aobaOfficer") });

    test("creates a draft: 201 with an ETag and a Location; a second one for the period is 409", async ({ request }) => {
      const created = await request.post("/api/v1/disclosures", { data: { reportingPeriod: "2028-H1", items: [item] } });
      expect(created.status()).toBe(201);
      const body = (await created.json()) as { id: string; status: string; revision: number };
      expect(body).toMatchObject({ status: "draft", revision: 1 });
      id = body.id;
      etag = created.headers()["etag"]!;
      expect(etag).toBe('"1"');
      expect(created.headers()["location"]).toBe(`/api/v1/disclosures/${id}`);
      await expectProblem(await request.post("/api/v1/disclosures", { data: { reportingPeriod: "2028-H1" } }), 409);
    });

    test("refuses bad items field by field (422), and nothing is written", async ({ request }) => {
      const bad = await request.patch(`/api/v1/disclosures/${id}`, {
        headers: { "if-match": etag },
        data: { items: [{ ...item, sharePercent: 70 }, { ...item, supplierCountry: "ZZ", sharePercent: 50 }] },
      });
      const problem = await expectProblem(bad, 422);
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { path: "items.1.supplierCountry", message: "Choose a country from the list." },
          { path: "items.0.sharePercent", message: "Shares for one product and stage add up to more than 100." },
        ]),
      );
      expect(((await (await request.get(`/api/v1/disclosures/${id}`)).json()) as { revision: number }).revision).toBe(1);
    });

    test("saves only with If-Match: 428 without, 409 with the newer data when stale", async ({ request }) => {
      await expectProblem(await request.patch(`/api/v1/disclosures/${id}`, { data: { notes: "x" } }), 428);
      const saved = await request.patch(`/api/v1/disclosures/${id}`, { headers: { "if-match": etag }, data: { notes: "first" } });
      expect(saved.status()).toBe(200);
      expect(saved.headers()["etag"]).toBe('"2"');
      const stale = await request.patch(`/api/v1/disclosures/${id}`, { headers: { "if-match": etag }, data: { notes: "second" } });
      const problem = (await expectProblem(stale, 409)) as unknown as { current: { revision: number; notes: string } };
      expect(problem.current).toMatchObject({ revision: 2, notes: "first" });
      etag = '"2"';
    });

    test("submits version 1; a version that does not exist, or a malformed id, is 404", async ({ request }) => {
      const submitted = await request.post(`/api/v1/disclosures/${id}/submit`, { headers: { "if-match": etag } });
      expect(submitted.status()).toBe(200);
      expect(await submitted.json()).toMatchObject({ status: "submitted", latestVersion: 1 });
      const version = await request.get(`/api/v1/disclosures/${id}/versions/1`);
      expect(await version.json()).toMatchObject({ number: 1, items: [{ productCode: "crm_gallium", sharePercent: 80 }] });
      await expectProblem(await request.get(`/api/v1/disclosures/${id}/versions/2`), 404);
      await expectProblem(await request.get(`/api/v1/disclosures/${id}/versions/one`), 404);
      await expectProblem(await request.get("/api/v1/disclosures/not-a-uuid"), 404);
      await expectProblem(await request.post(`/api/v1/disclosures/${id}/submit`), 409);
    });
  });

  test.describe("as the reviewer", () => {
    test.use({ storageState: storageStateFor("reviewer") });

    test("finds it in the queue, reads it, and asks for changes", async ({ request }) => {
      const queue = (await (await request.get("/api/v1/disclosures?queue=true&period=2028-H1")).json()) as { items: { id: string }[] };
      expect(queue.items.map((d) => d.id)).toContain(id);
      const read = await request.get(`/api/v1/disclosures/${id}`);
      expect(read.status()).toBe(200);
      // The working copy's revision is the company's: no ETag, no revision for agency staff.
      expect(read.headers()["etag"]).toBeUndefined();
      expect(await read.json()).toMatchObject({ revision: null });
      await expectProblem(await request.post(`/api/v1/disclosures/${id}/reviews`, { data: { decision: "request_changes" } }), 422);
      const review = await request.post(`/api/v1/disclosures/${id}/reviews`, { data: { decision: "request_changes", comment: "Name the refiner." } });
      expect(review.status()).toBe(201);
      expect(await review.json()).toMatchObject({ status: "changes_requested" });
      await expectProblem(await request.get("/api/v1/disclosures?limit=0"), 422);
      await expectProblem(await request.post(`/api/v1/disclosures/${demoDisclosureIds.minatoH1}/break-glass`, { data: { justification: "I need to look at this one now." } }), 403);
    });
  });

  test.describe("as the auditor", () => {
    test.use({ storageState: storageStateFor("auditor") });

    test("gets 404 on disclosures, never their content", async ({ request }) => {
      await expectProblem(await request.get(`/api/v1/disclosures/${id}`), 404);
      await expectProblem(await request.get("/api/v1/disclosures"), 404);
    });
  });

  test.describe("as Aoba's officer again", () => {
    test.use({ storageState: storageStateFor("aobaOfficer") });

    test("sees the reviewer's read and review in the access log, under a pseudonym", async ({ request }) => {
      const log = (await (await request.get("/api/v1/organisation/access-log")).json()) as {
        items: { action: string; party: string; purpose: string; official: string; target: { id: string } }[];
      };
      const mine = log.items.filter((e) => e.target.id === id && e.party === "government");
      expect(mine.map((e) => e.action)).toEqual(expect.arrayContaining(["disclosure.read", "disclosure.review"]));
      expect(mine[0]!.official).toMatch(/^Official-/);
      // The auditor's refused attempt is there too, by kind, unnamed.
      expect(log.items.filter((e) => e.target.id === id && e.party === "audit_body")).toMatchObject([{ action: "access.denied", official: "—" }]);
      await expectProblem(await request.get("/api/v1/organisation/access-log?limit=500"), 422);
    });
  });
});
