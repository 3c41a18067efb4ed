import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgencyUser, addCompany, addDisclosure } from "@/lib/testing/insights-fixtures";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError } from "./errors";
import { getExposureInsights } from "./get-exposure-insights";
import { listInsightCompanies } from "./list-insight-companies";
import { readCompanyProfile } from "./read-company-profile";

// Which companies an official may open, asked the same way everywhere (lib/authz/scope.ts
// `assignmentOverlap`, migration 0037): a company that files a product its profile does not list is
// within reach of that product's officials in the aggregates, the drill-down, the periods offered and its
// profile alike — as in their queue and behind the second wall — and a declared conflict still leaves it out.

let t: TestDatabase;
const as = <T>(email: string, call: Parameters<typeof callAs<T>>[2]) => callAs(t, email, call);

const PRODUCT = "crm_tungsten";
const VIEWER = "reach-viewer@fixture.example";
const RECUSED = "reach-recused@fixture.example";
const companies: Record<"listed1" | "listed2" | "unlisted", { orgId: string; officerId: string }> = {} as never;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  companies.listed1 = await addCompany(db, "Reach Listed One", [PRODUCT]);
  companies.listed2 = await addCompany(db, "Reach Listed Two", [PRODUCT]);
  // Its profile names cobalt only; it reports tungsten all the same.
  companies.unlisted = await addCompany(db, "Reach Unlisted", ["crm_cobalt"]);
  for (const [key, share] of [["listed1", 60], ["listed2", 40], ["unlisted", 80]] as const) {
    await addDisclosure(db, companies[key], "2034-H1", [[{ productCode: PRODUCT, supplierCountry: "CN", sharePercent: share }, { productCode: PRODUCT, supplierCountry: "VN", sharePercent: 100 - share }]]);
  }
  // A period only the unlisted company filed in.
  await addDisclosure(db, companies.unlisted, "2034-H2", [[{ productCode: PRODUCT, supplierCountry: "CN", sharePercent: 100 }]]);
  await addAgencyUser(db, VIEWER, [PRODUCT]);
  await addAgencyUser(db, RECUSED, [PRODUCT], { conflictsWith: [companies.unlisted.orgId] });
});
afterAll(() => t?.close());

const insights = (email: string) => as(email, (ctx) => getExposureInsights({ ctx, input: { query: { period: "2034-H1", product: PRODUCT }, format: "json" } }));
const drillDown = (email: string) => as(email, (ctx) => listInsightCompanies({ ctx, input: { period: "2034-H1", product: PRODUCT } }));
const profile = (email: string) => as(email, (ctx) => readCompanyProfile({ ctx, input: { companyId: companies.unlisted.orgId } }));

describe("a company reporting a product its profile does not list", () => {
  it("counts in the figures its officials see, as many companies as their drill-down lists", async () => {
    const { value } = await insights(VIEWER);
    expect(value!.products[0]).toMatchObject({ productCode: PRODUCT, suppressed: false, companyCount: 3 });
    const listed = await drillDown(VIEWER);
    expect(listed.value!.companies.map((c) => c.organisation.name.en)).toEqual(["Reach Listed One", "Reach Listed Two", "Reach Unlisted"]);
    expect(value!.periods).toEqual(expect.arrayContaining(["2034-H1", "2034-H2"]));
  });

  it("opens its profile to them, audited, like any company within reach", async () => {
    const read = await profile(VIEWER);
    expect(read.error).toBeNull();
    expect(read.events).toMatchObject([{ action: "profile.read", targetOrgId: companies.unlisted.orgId }]);
  });

  it("stays out of everything for an official recused from it", async () => {
    const { value } = await insights(RECUSED);
    expect(value!.products[0]).toMatchObject({ productCode: PRODUCT, suppressed: true, companyCount: null });
    expect(value!.periods).not.toContain("2034-H2");
    const listed = await drillDown(RECUSED);
    expect(listed.value!.companies.map((c) => c.organisation.name.en)).toEqual(["Reach Listed One", "Reach Listed Two"]);
    const read = await profile(RECUSED);
    expect(read.error).toBeInstanceOf(NotFoundError);
    expect(read.events).toMatchObject([{ action: "access.denied", details: { attempted: "profile.read", reason: "conflict_of_interest" } }]);
  });
});
