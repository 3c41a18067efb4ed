import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { ownRevision } from "@/lib/schemas/disclosure";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { createDisclosure } from "./create-disclosure";
import { NotFoundError } from "./errors";
import { getDisclosure } from "./get-disclosure";
import { listAdvisoryDeliveries } from "./list-advisory-deliveries";
import { previewAdvisoryReach } from "./preview-advisory-reach";
import { submitDisclosure } from "./submit-disclosure";

// Reach by supplier country is read off what companies disclosed. An official is told that a company was
// reached by a country only through a disclosure of it the official may open — not because the company's
// profile lists a product of the official's (which lets them read the profile, not every disclosure).

let t: TestDatabase;
const { as, published } = advisoryKit(() => t);
let graphiteOnly: string;

beforeAll(async () => {
  t = await createTestDatabase();
  // Kawasemi's profile lists permanent magnets (the reviewer's assignment); this disclosure of its reports
  // graphite alone (not the reviewer's), sourced from Kazakhstan, which no other company names.
  const officer = () => t.ctxFor("officer@kawasemi.example");
  const draft = await createDisclosure({
    ctx: await officer(),
    input: {
      reportingPeriod: "2027-H1",
      items: [{ productCode: "crm_graphite", stage: "processing", supplierCountry: "KZ", sharePercent: 40, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false }],
    },
  });
  await submitDisclosure({ ctx: await officer(), input: { id: draft.id, revision: ownRevision(draft) } });
  graphiteOnly = draft.id;
});
afterAll(async () => {
  await t?.close();
});

describe(`what an official is told of reach by supplier country, on ${testDatabaseKind()}`, () => {
  it("is the disclosure the reviewer may not open", async () => {
    expect((await as(REVIEWER, (ctx) => getDisclosure({ ctx, input: { id: graphiteOnly } }))).error).toBeInstanceOf(NotFoundError);
  });

  it("names in the preview only a company whose disclosure saying so the official may open", async () => {
    const fromKazakhstan = { countries: ["KZ"] };
    // The reviewer reads Kawasemi's profile (magnets), not this disclosure: neither named nor counted, and
    // nothing recorded against Kawasemi — the same answer as for a country nobody sources from.
    const reviewer = await as(REVIEWER, (ctx) => previewAdvisoryReach({ ctx, input: { targets: fromKazakhstan } }));
    expect(reviewer.value).toEqual({ count: 0, companies: [], unnamed: null });
    expect(reviewer.events).toEqual([]);
    const nobody = await as(REVIEWER, (ctx) => previewAdvisoryReach({ ctx, input: { targets: { countries: ["MN"] } } }));
    expect(nobody.value).toEqual(reviewer.value);
    // The approver, assigned graphite too, may open it: named, and the naming recorded against Kawasemi.
    const approver = await as(APPROVER, (ctx) => previewAdvisoryReach({ ctx, input: { targets: fromKazakhstan } }));
    expect(approver.value!.companies.map((c) => c.id)).toEqual([demoOrgIds.kawasemi]);
    expect(approver.events).toMatchObject([{ action: "advisory.reach_preview", targetOrgId: demoOrgIds.kawasemi }]);
    // By product the name comes from the profile, as before.
    const byProduct = await as(REVIEWER, (ctx) => previewAdvisoryReach({ ctx, input: { targets: { products: ["permanent_magnets"] } } }));
    expect(byProduct.value!.companies.map((c) => c.id)).toContain(demoOrgIds.kawasemi);
  });

  it("lists the delivery to such a company among the others, not by name", async () => {
    const id = await published(magnets({ title: "Graphite from Kazakhstan", targets: { products: [], countries: ["KZ"], organisations: [] } }));
    const reviewer = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(reviewer.value!.items).toEqual([]);
    expect(reviewer.value!.others).toMatchObject({ delivered: 1 });
    expect(reviewer.events).toEqual([]);
    const approver = await as(APPROVER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(approver.value!.items.map((d) => d.company.id)).toEqual([demoOrgIds.kawasemi]);
  });
});
