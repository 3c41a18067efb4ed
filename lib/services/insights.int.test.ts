import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { disclosureVersions, exposureItemRow, exposureItems } from "@/db/schema";
import type { ExposureInsights } from "@/lib/schemas/insights";
import { addAgencyUser, addCompany, addDisclosure, addVersion } from "@/lib/testing/insights-fixtures";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { tokyoToday } from "@/lib/i18n/format";
import { declareConflict } from "./declare-conflict";
import { NotFoundError, ValidationError } from "./errors";
import { getExposureInsights } from "./get-exposure-insights";
import { enterRowSecurity } from "./internal/row-security";

let t: TestDatabase;
const as = <T>(email: string, call: Parameters<typeof callAs<T>>[2]) => callAs(t, email, call);
const insightsAs = (email: string, query: Record<string, unknown>) => as(email, (ctx) => getExposureInsights({ ctx, input: { query, format: "json" } }));

const VIEWER = "insights-viewer@fixture.example";
const RECUSED = "insights-recused@fixture.example";
const RECUSED_THREE = "insights-recused-three@fixture.example";
const WALLED = "insights-walled@fixture.example";
const TRYING = "insights-trying@fixture.example";
const ids: Record<string, string> = {};
const fixtureCompanies: Record<string, { orgId: string; officerId: string }> = {};

// The hand-computed world (figures worked out in the comments; the SQL must agree to the decimal).
beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  const company = async (key: string, products: string[]) => {
    const c = await addCompany(db, `Fixture ${key}`, products);
    ids[key] = c.orgId;
    return c;
  };

  // crm_tungsten, 2030-H1. Dependence = share from the country averaged over the stages reported.
  //   A: raw CN 80 + VN 20, processing CN 100 (single source, 10 days)  → CN 90, VN 10; supply 100; 10 days
  //   B: raw CN 60, VN 40 (50 days)                                       → CN 60, VN 40; supply 100; 50 days
  //   C: raw CN 30 + CN 20 (two materials), VN 30 (20 and 40 days)        → CN 50, VN 30; supply  80; 20 days
  //   D: raw VN 70 (single source), CN 30 (60 days)                       → CN 30, VN 70; supply 100; 60 days
  //   companies 4; single-source 2; median inventory of (10, 20, 50, 60) = 35
  //   CN: median of (90, 60, 50, 30) = 55; weighted 230 / 380 = 60.526… → 60.5
  //   VN: median of (10, 40, 30, 70) = 35; weighted 150 / 380 = 39.473… → 39.5
  //   HHI = 60.526…² + 39.473…² = 75,400 / 14.44 = 5,221.6 → 5222 (high)
  // 2029-H2: A CN 100 (15 d); B CN 50, VN 50 (40 d); C CN 70, VN 30 (25 d, single source); D VN 100 (45 d)
  //   companies 4; single-source 1; median inventory of (15, 25, 40, 45) = 32.5
  //   CN: A, B, C: median 70, weighted 220 / 400 = 55.0;  VN: B, C, D: median 50, weighted 45.0;  HHI 5050
  const tungsten = "crm_tungsten";
  const [a, b, c, d, e, f] = [await company("A", [tungsten]), await company("B", [tungsten]), await company("C", [tungsten]), await company("D", [tungsten]), await company("E", [tungsten]), await company("F", [tungsten])];
  const item = (supplierCountry: string, sharePercent: number, more: Record<string, unknown> = {}) => ({ productCode: tungsten, supplierCountry, sharePercent, ...more });
  // A amended its disclosure: version 1 must not count.
  await addDisclosure(db, a, "2030-H1", [
    [item("CN", 10)],
    [item("CN", 80, { inventoryDays: 30 }), item("VN", 20, { inventoryDays: 30 }), item("CN", 100, { stage: "processing", inventoryDays: 10, singleSource: true })],
  ]);
  await addDisclosure(db, b, "2030-H1", [[item("CN", 60, { inventoryDays: 50 }), item("VN", 40, { inventoryDays: 50 })]], "accepted");
  await addDisclosure(db, c, "2030-H1", [[item("CN", 30, { material: "Ore", inventoryDays: 20 }), item("CN", 20, { material: "Concentrate", inventoryDays: 40 }), item("VN", 30, { inventoryDays: 40 })]], "under_review");
  await addDisclosure(db, d, "2030-H1", [[item("VN", 70, { inventoryDays: 60, singleSource: true }), item("CN", 30, { inventoryDays: 60 })]], "changes_requested");
  // Neither a withdrawn disclosure nor a draft counts.
  await addDisclosure(db, e, "2030-H1", [[item("CN", 100, { inventoryDays: 1, singleSource: true })]], "withdrawn");
  await addDisclosure(db, f, "2030-H1", [], "draft");
  await addDisclosure(db, a, "2029-H2", [[item("CN", 100, { inventoryDays: 15 })]]);
  await addDisclosure(db, b, "2029-H2", [[item("CN", 50, { inventoryDays: 40 }), item("VN", 50, { inventoryDays: 40 })]]);
  await addDisclosure(db, c, "2029-H2", [[item("CN", 70, { inventoryDays: 25, singleSource: true }), item("VN", 30, { inventoryDays: 25 })]]);
  await addDisclosure(db, d, "2029-H2", [[item("VN", 100, { inventoryDays: 45 })]]);

  // crm_cobalt, 2030-H1: one country (AU) comes from one company only. Dependences:
  //   P: CD 60, CN 40;  Q: CD 50, CN 20, ID 30;  R: CD 40, CN 30, ID 30;  S: CD 70, ID 30;  T: AU 100
  //   weighted: CD 220/500 = 44.0, CN 18.0, ID 18.0, AU 20.0 — a row adds up to 100, so AU alone withheld
  //   would be 100 − 44 − 18 − 18. HHI = 1936 + 324 + 324 + 400 = 2984.
  // crm_nickel, 2030-H1, two countries: P ID 100; Q ID 60, PH 40; R ID 100 (PH from one company).
  const cobalt = "crm_cobalt";
  const nickel = "crm_nickel";
  const [p, q, r, s, tt] = [await company("P", [cobalt, nickel]), await company("Q", [cobalt, nickel]), await company("R", [cobalt, nickel]), await company("S", [cobalt]), await company("T", [cobalt])];
  const co = (supplierCountry: string, sharePercent: number) => ({ productCode: cobalt, supplierCountry, sharePercent });
  const ni = (supplierCountry: string, sharePercent: number) => ({ productCode: nickel, supplierCountry, sharePercent });
  await addDisclosure(db, p, "2030-H1", [[co("CD", 60), co("CN", 40), ni("ID", 100)]]);
  await addDisclosure(db, q, "2030-H1", [[co("CD", 50), co("CN", 20), co("ID", 30), ni("ID", 60), ni("PH", 40)]]);
  await addDisclosure(db, r, "2030-H1", [[co("CD", 40), co("CN", 30), co("ID", 30), ni("ID", 100)]]);
  await addDisclosure(db, s, "2030-H1", [[co("CD", 70), co("ID", 30)]]);
  await addDisclosure(db, tt, "2030-H1", [[co("AU", 100)]]);

  // crm_magnesium, 2030-H1: X's version gets its items in two statements; the summaries take both.
  const magnesium = "crm_magnesium";
  const [x, y, z] = [await company("X", [magnesium]), await company("Y", [magnesium]), await company("Z", [magnesium])];
  const xDisclosure = await addDisclosure(db, x, "2030-H1", [[{ productCode: magnesium, supplierCountry: "CN", sharePercent: 60 }]]);
  const [xVersion] = await db.select().from(disclosureVersions).where(eq(disclosureVersions.disclosureId, xDisclosure));
  await db.insert(exposureItems).values(
    exposureItemRow(
      { productCode: magnesium, stage: "processing", supplierCountry: "CN", sharePercent: 100, inventoryDays: 5, alternativeSuppliers: 0, singleSource: true },
      { versionId: xVersion!.id, disclosureId: xDisclosure, organisationId: x.orgId, position: 1 },
    ),
  );
  await addDisclosure(db, y, "2030-H1", [[{ productCode: magnesium, supplierCountry: "CN", sharePercent: 100 }]]);
  await addDisclosure(db, z, "2030-H1", [[{ productCode: magnesium, supplierCountry: "CN", sharePercent: 100 }]]);

  // crm_manganese, 2030-H1: seven companies; WALLED may not open M1–M3 (declared conflicts).
  // What WALLED may open, M4–M7 (one stage each):
  //   M4: ZA 60, AU 40 (10 d);  M5: ZA 70, GA 20, BR 10 (20 d);  M6: ZA 50, AU 22, GA 8, BR 20 (40 d);
  //   M7: AU 50, BR 50 (60 d, single source)
  //   companies 4; single-source 1; median inventory of (10, 20, 40, 60) = 30
  //   ZA: 60, 70, 50 → median 60, sum 180;  AU: 40, 22, 50 → median 40, sum 112;  GA: 20, 8 (two companies);
  //   BR: 10, 20, 50 → median 20, sum 80;  supply 400 → weighted ZA 45, AU 28, GA 7, BR 20; HHI 3258
  //   GA is withheld, so AU and BR (fewest companies, then country code) go with it.
  // The companies WALLED may not open report a country nobody else does (KZ).
  const manganese = "crm_manganese";
  const mn = (supplierCountry: string, sharePercent: number, more: Record<string, unknown> = {}) => ({ productCode: manganese, supplierCountry, sharePercent, ...more });
  const walledOff: { orgId: string; officerId: string }[] = [];
  for (const [key, items] of [
    ["M1", [mn("ZA", 80), mn("KZ", 20)]],
    ["M2", [mn("ZA", 50, { singleSource: true }), mn("AU", 50, { singleSource: true })]],
    ["M3", [mn("GA", 100, { inventoryDays: 1 })]],
  ] as const) {
    const m = await company(key, [manganese]);
    ids[`${key}:disclosure`] = await addDisclosure(db, m, "2030-H1", [[...items]]);
    walledOff.push(m);
  }
  fixtureCompanies.M1 = walledOff[0]!;
  for (const [key, items] of [
    ["M4", [mn("ZA", 60, { inventoryDays: 10 }), mn("AU", 40, { inventoryDays: 10 })]],
    ["M5", [mn("ZA", 70, { inventoryDays: 20 }), mn("GA", 20, { inventoryDays: 20 }), mn("BR", 10, { inventoryDays: 20 })]],
    ["M6", [mn("ZA", 50, { inventoryDays: 40 }), mn("AU", 22, { inventoryDays: 40 }), mn("GA", 8, { inventoryDays: 40 }), mn("BR", 20, { inventoryDays: 40 })]],
    ["M7", [mn("AU", 50, { inventoryDays: 60, singleSource: true }), mn("BR", 50, { inventoryDays: 60 })]],
  ] as const) {
    await addDisclosure(db, await company(key, [manganese]), "2030-H1", [[...items]]);
  }

  await addAgencyUser(db, VIEWER, [tungsten, cobalt, nickel, magnesium, manganese]);
  await addAgencyUser(db, RECUSED, [cobalt, nickel], { conflictsWith: [p.orgId] });
  await addAgencyUser(db, RECUSED_THREE, [cobalt], { conflictsWith: [p.orgId, q.orgId, r.orgId] });
  await addAgencyUser(db, WALLED, [manganese], { conflictsWith: walledOff.map((m) => m.orgId) });
  await addAgencyUser(db, TRYING, [cobalt], { conflictsWith: [p.orgId] });
});
afterAll(() => t?.close());

const productOf = (result: ExposureInsights, code: string) => result.products.find((p) => p.productCode === code)!;
const cellsOf = (result: ExposureInsights, code: string) => Object.fromEntries(result.cells.filter((c) => c.productCode === code).map((c) => [c.supplierCountry, c]));

describe("figures against a hand-computed fixture", () => {
  it("computes companies, medians, weighted shares, HHI, single-source count and inventory over the latest submitted versions", async () => {
    const { value, error } = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_tungsten" });
    expect(error).toBeNull();
    expect(value!.previousPeriod).toBe("2029-H2");
    expect(productOf(value!, "crm_tungsten")).toMatchObject({
      suppressed: false,
      companyCount: 4,
      hhi: 5222,
      hhiBand: "high",
      hhiSuppressed: false,
      singleSourceCount: 2,
      medianInventoryDays: 35,
      change: { companyCount: 0, hhi: 172, singleSourceCount: 1, medianInventoryDays: 2.5 },
    });
    const cells = cellsOf(value!, "crm_tungsten");
    expect(Object.keys(cells).sort()).toEqual(["CN", "VN"]);
    expect(cells.CN).toMatchObject({ suppressed: false, companyCount: 4, medianDependence: 55, weightedShare: 60.5, change: { companyCount: 1, medianDependence: -15, weightedShare: 5.5 } });
    expect(cells.VN).toMatchObject({ suppressed: false, companyCount: 4, medianDependence: 35, weightedShare: 39.5, change: { companyCount: 1, medianDependence: -15, weightedShare: -5.5 } });
  });

  it("summarises a version whose items arrived in more than one statement as a whole", async () => {
    // X: raw CN 60 (first statement), processing CN 100, single source, 5 days (second) → CN (60 + 100) / 2 = 80.
    const { value } = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_magnesium" });
    expect(productOf(value!, "crm_magnesium")).toMatchObject({ companyCount: 3, singleSourceCount: 1, medianInventoryDays: 30, hhi: 10000 });
    expect(cellsOf(value!, "crm_magnesium").CN).toMatchObject({ companyCount: 3, medianDependence: 100, weightedShare: 100 });
  });

  it("gives the previous period's figures in the trend", async () => {
    const { value } = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_tungsten" });
    expect(value!.trend.map((p) => p.period)).toEqual(expect.arrayContaining(["2029-H2", "2030-H1"]));
    expect(value!.trend.at(-1)!.period).toBe("2030-H1");
    const before = value!.trend.find((p) => p.period === "2029-H2")!.products[0];
    expect(before).toEqual({ productCode: "crm_tungsten", suppressed: false, companyCount: 4, hhi: 5050, medianInventoryDays: 32.5 });
  });
});

describe("k-anonymity", () => {
  it("suppresses a one-company cell and enough neighbours that the row total cannot give it away", async () => {
    const { value } = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_cobalt" });
    const cells = cellsOf(value!, "crm_cobalt");
    expect(cells.AU).toMatchObject({ suppressed: true, suppression: "small_group", companyCount: null, medianDependence: null, weightedShare: null });
    // Alone, AU would be 100 − CD − CN − ID = 20.0. The two cells with the fewest companies go with it.
    expect(cells.CN).toMatchObject({ suppressed: true, suppression: "complementary", weightedShare: null, medianDependence: null, companyCount: null });
    expect(cells.ID).toMatchObject({ suppressed: true, suppression: "complementary", weightedShare: null });
    expect(cells.CD).toMatchObject({ suppressed: false, companyCount: 4, medianDependence: 55, weightedShare: 44 });
    const published = Object.values(cells).filter((c) => !c.suppressed);
    const remainder = 100 - published.reduce((sum, c) => sum + c.weightedShare!, 0);
    expect(remainder).toBeCloseTo(56, 5); // what subtraction gives: the sum of three withheld cells, none of them alone
    expect(Object.values(cells).filter((c) => c.suppressed)).toHaveLength(3);
    // The exact HHI (2984) would be the withheld cells' sum of squares once CD's is taken away: with their
    // sum (56) that is two equations, so whoever knows one of the three (AU's one company knows its own)
    // solves the other two. Only the band is given.
    expect(productOf(value!, "crm_cobalt")).toMatchObject({ suppressed: false, companyCount: 5, hhi: null, hhiBand: "high", hhiSuppressed: true });
  });

  it("withholds the HHI when a product has too few cells to hide a suppressed one among", async () => {
    const { value } = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_nickel" });
    const cells = cellsOf(value!, "crm_nickel");
    expect(cells.PH).toMatchObject({ suppressed: true, suppression: "small_group" });
    expect(cells.ID).toMatchObject({ suppressed: true, suppression: "complementary", weightedShare: null });
    expect(productOf(value!, "crm_nickel")).toMatchObject({ suppressed: false, companyCount: 3, hhi: null, hhiBand: null, hhiSuppressed: true, singleSourceCount: 0, medianInventoryDays: 30 });
  });

  it("suppresses a whole product, cells and all, drawn from fewer than 3 companies (the demo's semiconductors)", async () => {
    const { value } = await insightsAs("reviewer@esb.example", { period: "2026-H1" });
    expect(productOf(value!, "semiconductors")).toMatchObject({ suppressed: true, suppression: "small_group", companyCount: null, hhi: null, singleSourceCount: null, medianInventoryDays: null });
    expect(value!.cells.filter((c) => c.productCode === "semiconductors")).toEqual([]);
    // Three companies report permanent magnets: its figures show; each country has fewer than 3.
    // Every cell withheld: the HHI (4587) would tie them together, so only its band is given.
    expect(productOf(value!, "permanent_magnets")).toMatchObject({ suppressed: false, companyCount: 3, hhi: null, hhiBand: "high", hhiSuppressed: true, singleSourceCount: 0, medianInventoryDays: 25 });
    const magnets = cellsOf(value!, "permanent_magnets");
    expect(Object.keys(magnets).sort()).toEqual(["CN", "JP", "VN"]);
    expect(Object.values(magnets).every((c) => c.suppressed && c.weightedShare === null)).toBe(true);
  });

  it("shows the demo's 2025-H2 magnet cells, when all three makers bought from China and Japan, and the change since", async () => {
    const before = await insightsAs("reviewer@esb.example", { period: "2025-H2", product: "permanent_magnets" });
    // CN: Hoshino 40, Kawasemi 85, Tsubame 90 → median 85, weighted 215 / 300; JP: 60, 15, 10 → median 15, 85 / 300.
    const cells = cellsOf(before.value!, "permanent_magnets");
    expect(cells.CN).toMatchObject({ suppressed: false, companyCount: 3, medianDependence: 85, weightedShare: 71.7 });
    expect(cells.JP).toMatchObject({ suppressed: false, companyCount: 3, medianDependence: 15, weightedShare: 28.3 });
    expect(productOf(before.value!, "permanent_magnets")).toMatchObject({ companyCount: 3, hhi: 5939, medianInventoryDays: 20 });
    const now = await insightsAs("reviewer@esb.example", { period: "2026-H1", product: "permanent_magnets" });
    // 2026-H1's HHI is withheld (band only), so no change of it is given either.
    expect(productOf(now.value!, "permanent_magnets").change).toEqual({ companyCount: 0, hhi: null, singleSourceCount: 0, medianInventoryDays: 5 });
    expect(now.value!.periods).toEqual(expect.arrayContaining(["2025-H2", "2026-H1"]));
    expect(now.value!.trend.map((p) => [p.period, p.products[0]!.hhi])).toEqual([["2025-H2", 5939], ["2026-H1", null]]);
  });

  it("offers each viewer the periods of the companies they may open, not one only a hidden company filed", async () => {
    const hoshino = { orgId: demoOrgIds.hoshino, officerId: demoUsers.find((u) => u.email === "officer@hoshino.example")!.id };
    const id = await addDisclosure(t.database.db, hoshino, "2032-H1", [[{ productCode: "permanent_magnets", supplierCountry: "CN", sharePercent: 50 }]]);
    try {
      const reviewer = await insightsAs("reviewer@esb.example", { period: "2026-H1", product: "permanent_magnets" });
      expect(reviewer.value!.periods).toContain("2032-H1");
      // reviewer2 declared a conflict with Hoshino: the period Hoshino alone filed is not offered.
      const recused = await insightsAs("reviewer2@esb.example", { period: "2026-H1", product: "permanent_magnets" });
      expect(recused.value!.periods).not.toContain("2032-H1");
      expect(recused.value!.periods).toContain("2026-H1");
    } finally {
      // Gone again, so that the later tests' latest period is the demo's (versions are immutable: past the triggers).
      await t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from exposure_items where disclosure_id = ${id}`);
        await tx.execute(sql`delete from disclosure_versions where disclosure_id = ${id}`);
        await tx.execute(sql`delete from disclosure_working_copies where disclosure_id = ${id}`);
        await tx.execute(sql`delete from disclosures where id = ${id}`);
      });
    }
  });

  it("draws a recused viewer's figures from the companies they may open only", async () => {
    // RECUSED may not open P. Cobalt over Q, R, S, T: CD 50, 40, 70 → median 50, sum 160; CN 20, 30 (two
    // companies); ID 30, 30, 30 → sum 90; AU 100 (T alone); supply 400 → CD 40, CN 12.5, ID 22.5, AU 25.
    const { value } = await insightsAs(RECUSED, { period: "2030-H1" });
    // Three cells withheld: the HHI (2888) as its band only.
    expect(productOf(value!, "crm_cobalt")).toMatchObject({ suppressed: false, companyCount: 4, hhi: null, hhiBand: "high", hhiSuppressed: true });
    const cobaltCells = cellsOf(value!, "crm_cobalt");
    expect(Object.keys(cobaltCells).sort()).toEqual(["AU", "CD", "CN", "ID"]);
    expect(cobaltCells.ID).toMatchObject({ suppressed: false, companyCount: 3, medianDependence: 30, weightedShare: 22.5 });
    expect(cobaltCells.AU).toMatchObject({ suppression: "small_group" });
    expect(cobaltCells.CN).toMatchObject({ suppression: "small_group" });
    expect(cobaltCells.CD).toMatchObject({ suppression: "complementary", weightedShare: null });
    // Nickel: Q and R only are left, fewer than 3.
    expect(productOf(value!, "crm_nickel")).toMatchObject({ suppressed: true, suppression: "small_group", companyCount: null, hhi: null });
    expect(value!.cells.filter((c) => c.productCode === "crm_nickel")).toEqual([]);
    // Recused from three: S and T remain, so cobalt is dark, although the three form a group of three.
    const three = await insightsAs(RECUSED_THREE, { period: "2030-H1" });
    expect(productOf(three.value!, "crm_cobalt")).toMatchObject({ suppressed: true, companyCount: null, hhi: null });
    expect(three.value!.cells).toEqual([]);
  });

  it("leaves the companies a viewer may not open out of every figure, count and cell (worked example)", async () => {
    const walled = await insightsAs(WALLED, { period: "2030-H1" });
    expect(productOf(walled.value!, "crm_manganese")).toMatchObject({
      suppressed: false, companyCount: 4, hhi: null, hhiBand: "high", hhiSuppressed: true, singleSourceCount: 1, medianInventoryDays: 30, // HHI 3258, band only
    });
    const cells = cellsOf(walled.value!, "crm_manganese");
    expect(Object.keys(cells).sort()).toEqual(["AU", "BR", "GA", "ZA"]); // no KZ: only the walled-off companies buy there
    expect(cells.ZA).toMatchObject({ suppressed: false, companyCount: 3, medianDependence: 60, weightedShare: 45 });
    expect(cells.GA).toMatchObject({ suppressed: true, suppression: "small_group" });
    expect(cells.AU).toMatchObject({ suppressed: true, suppression: "complementary" });
    expect(cells.BR).toMatchObject({ suppressed: true, suppression: "complementary" });
    // A viewer who may open all seven sees all seven, from the kept totals.
    const open = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_manganese" });
    expect(productOf(open.value!, "crm_manganese")).toMatchObject({ suppressed: false, companyCount: 7, singleSourceCount: 2 });
    expect(cellsOf(open.value!, "crm_manganese").KZ).toMatchObject({ suppressed: true, suppression: "small_group" });
  });

  it("answers a viewer the same whatever the companies they may not open report", async () => {
    const before = await insightsAs(WALLED, { period: "2030-H1" });
    const seen = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_manganese" });
    // M1, whom WALLED may not open, resubmits with other shares and a new country.
    await addVersion(t.database.db, fixtureCompanies.M1!, ids["M1:disclosure"]!, [
      { productCode: "crm_manganese", supplierCountry: "ZA", sharePercent: 10, inventoryDays: 2, singleSource: true },
      { productCode: "crm_manganese", supplierCountry: "CL", sharePercent: 90, inventoryDays: 2 },
    ]);
    const after = await insightsAs(WALLED, { period: "2030-H1" });
    expect(after.value).toEqual(before.value);
    // It changed what a viewer who may open M1 sees: the change reached the figures.
    const changed = await insightsAs(VIEWER, { period: "2030-H1", product: "crm_manganese" });
    expect(productOf(changed.value!, "crm_manganese").singleSourceCount).toBe(productOf(seen.value!, "crm_manganese").singleSourceCount! + 1);
    expect(Object.keys(cellsOf(changed.value!, "crm_manganese"))).toContain("CL");
  });

  it("gives nothing away to a viewer who declares conflicts with companies they have read, to lift suppression", async () => {
    // TRYING may not open P, and knows Q and R (assigned, not conflicted). Declaring a conflict of a day with
    // Q and R made P, Q and R a hidden group of three, and the figures over all five companies were
    // published: minus Q, R, S and T, those were P's own. (Staff cannot end their own declaration: it stays open.)
    for (const key of ["Q", "R"]) {
      const { error } = await as(TRYING, (ctx) => declareConflict({ ctx, input: { companyId: ids[key]!, reason: "Declared off these two, for the figures.", validFrom: tokyoToday() } }));
      expect(error).toBeNull();
    }
    const { value } = await insightsAs(TRYING, { period: "2030-H1", product: "crm_cobalt" });
    expect(productOf(value!, "crm_cobalt")).toMatchObject({ suppressed: true, companyCount: null, hhi: null, singleSourceCount: null, medianInventoryDays: null });
    expect(value!.cells).toEqual([]);
  });

  it("never lets the database function answer a figure from fewer than 3 companies, whatever it is asked", async () => {
    const viewers = rowsOf<{ id: string; role: string }>(await t.database.db.execute(sql`select user_id as id, role from memberships where role in ('agency_reviewer', 'agency_approver')`));
    const periods = ["2025-H2", "2026-H1", "2026-H2", "2029-H2", "2030-H1"];
    let published = 0;
    for (const viewer of viewers) {
      const rows = await t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'app_rls', true), set_config('app.user_id', ${viewer.id}, true), set_config('app.role', ${viewer.role}, true)`);
        return rowsOf<Record<string, unknown>>(await tx.execute(sql`select * from insights_exposure_mine(string_to_array(${periods.join(",")}, ','))`));
      });
      for (const row of rows) {
        if (row.suppressed) {
          expect(row).toMatchObject({ company_count: null, median_dependence: null, weighted_share: null, hhi: null, single_source_count: null, median_inventory_days: null });
        } else {
          expect(row.company_count).toBeGreaterThanOrEqual(3);
          published++;
        }
      }
    }
    expect(published).toBeGreaterThan(0);
    // Anyone but agency staff, and any role but app_rls, gets nothing from it.
    const officer = (await t.ctxFor("officer@hoshino.example")).actor!;
    const asOfficer = await t.database.db.transaction(async (tx) => {
      await enterRowSecurity(tx, officer);
      return rowsOf(await tx.execute(sql`select * from insights_exposure_mine(array['2026-H1'])`));
    });
    expect(asOfficer).toEqual([]);
    // The request role asks for its own viewer's figures only: another official's, named, are refused.
    const reviewer = (await t.ctxFor("reviewer@esb.example")).actor!;
    const reviewer2 = (await t.ctxFor("reviewer2@esb.example")).actor!;
    const namingAnother = await t.database.db
      .transaction(async (tx) => {
        await enterRowSecurity(tx, reviewer2);
        return tx.execute(sql`select * from insights_exposure(${reviewer.userId}::uuid, array['2026-H1'])`);
      })
      .then(() => "answered", (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);
    expect(namingAnother).toBe("42501");
    const [grants] = rowsOf<{ rls: boolean; public: boolean; member: boolean; summaries: boolean; owner: string; login: boolean }>(
      await t.database.db.execute(sql`select has_function_privilege('app_rls', 'insights_exposure_mine(text[], text[])', 'execute')
          and not has_function_privilege('app_rls', 'insights_exposure(uuid, text[], text[])', 'execute') as rls,
        exists (select 1 from information_schema.routine_privileges where routine_name = 'insights_exposure' and grantee = 'PUBLIC') as public,
        pg_has_role('app_rls', 'app_insights', 'member') as member,
        has_table_privilege('app_rls', 'exposure_dependences', 'select') or has_table_privilege('app_rls', 'exposure_company_products', 'select') as summaries,
        (select proowner::regrole::text from pg_proc where proname = 'insights_exposure') as owner,
        (select rolcanlogin from pg_roles where rolname = 'app_insights') as login`),
    );
    // The per-version summaries hold company-level figures: the request role cannot read them at all.
    expect(grants).toEqual({ rls: true, public: false, member: false, summaries: false, owner: "app_insights", login: false });
  });
});

describe("scoping", () => {
  it("gives each reviewer the products assigned to them", async () => {
    const reviewer = await insightsAs("reviewer@esb.example", { period: "2026-H1" });
    const reviewer2 = await insightsAs("reviewer2@esb.example", { period: "2026-H1" });
    expect(reviewer.value!.products.map((p) => p.productCode)).toEqual(["crm_gallium", "crm_germanium", "crm_rare_earths_magnets", "permanent_magnets", "semiconductors"]);
    expect(reviewer2.value!.products.map((p) => p.productCode)).toEqual(["antimicrobials", "crm_graphite", "crm_lithium", "permanent_magnets", "storage_batteries"]);
    // reviewer2 is recused from Hoshino, one of the three magnet companies: the magnets stay dark for them.
    expect(productOf(reviewer2.value!, "permanent_magnets")).toMatchObject({ suppressed: true, companyCount: null, hhi: null });
    expect(reviewer.events).toMatchObject([{ action: "insights.view", outcome: "allowed", targetOrgId: null, details: { period: "2026-H1", format: "json" } }]);
  });

  it("answers 404 to company roles, auditors and platform admins, audited", async () => {
    for (const email of ["officer@hoshino.example", "admin@hoshino.example", "auditor@oversight.example", "admin@kakehashi.example"]) {
      const { error, events } = await insightsAs(email, { period: "2026-H1" });
      expect(error).toBeInstanceOf(NotFoundError);
      expect(events).toMatchObject([{ action: "access.denied", outcome: "denied", details: { attempted: "insights.read", reason: "role_lacks_permission" } }]);
    }
  });

  it("refuses a malformed period, an unknown product or parameter (422), and a product outside assignment (404, audited)", async () => {
    for (const query of [{ period: "2026-Q1" }, { period: "2026-H1", product: "unobtainium" }, { period: "2026-H1", colour: "red" }, { period: ["2026-H1", "2026-H2"] }]) {
      const { error } = await insightsAs("reviewer@esb.example", query);
      expect(error).toBeInstanceOf(ValidationError);
      // An unknown parameter is named by its own name.
      expect((error as ValidationError).fieldErrors[0]!.path).toMatch(/^(period|product|colour)$/);
    }
    const outside = await insightsAs("reviewer@esb.example", { period: "2026-H1", product: "antimicrobials" });
    expect(outside.error).toBeInstanceOf(NotFoundError);
    expect(outside.events).toMatchObject([{ action: "access.denied", targetType: "critical_product", targetId: "antimicrobials", details: { reason: "outside_assignment" } }]);
  });
});
