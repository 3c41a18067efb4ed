import { describe, expect, it } from "vitest";
import { buildInsights, type AggregateRow } from "./build";
import { insightsCsv } from "./csv";
import { defaultPeriod, periodOf, previousPeriod, trendPeriods } from "./periods";

describe("reporting periods", () => {
  it("steps back one half-year, across a year end", () => {
    expect(previousPeriod("2026-H2")).toBe("2026-H1");
    expect(previousPeriod("2026-H1")).toBe("2025-H2");
    expect(() => previousPeriod("2026-Q1")).toThrow();
  });

  it("knows the half-year of a moment, in Japan", () => {
    expect(periodOf(new Date("2026-06-30T14:59:59Z"))).toBe("2026-H1");
    // 1 July, 00:00 in Tokyo: still June in UTC.
    expect(periodOf(new Date("2026-06-30T15:00:00Z"))).toBe("2026-H2");
    expect(periodOf(new Date("2025-12-31T15:00:00Z"))).toBe("2026-H1");
  });

  it("opens on the latest period with data that has begun, never one a company filed for the future", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    expect(defaultPeriod(["2025-H2", "2026-H1", "2099-H2"], now)).toBe("2026-H1");
    expect(defaultPeriod(["2025-H2", "2026-H2"], now)).toBe("2026-H2");
    expect(defaultPeriod(["2099-H2"], now)).toBe("2026-H2");
    expect(defaultPeriod([], new Date("2026-06-30T15:30:00Z"))).toBe("2026-H2");
  });

  it("ends a trend at the chosen period and keeps the latest periods with data before it", () => {
    const withData = ["2024-H1", "2024-H2", "2025-H1", "2025-H2", "2026-H1", "2026-H2"];
    expect(trendPeriods("2026-H1", withData, 3)).toEqual(["2025-H1", "2025-H2", "2026-H1"]);
    expect(trendPeriods("2024-H1", withData, 6)).toEqual(["2024-H1"]);
    expect(trendPeriods("2027-H1", ["2025-H2"], 6)).toEqual(["2025-H2", "2027-H1"]);
  });
});

const row = (r: Partial<AggregateRow> & Pick<AggregateRow, "period" | "productCode">): AggregateRow => ({
  supplierCountry: null,
  companyCount: null,
  medianDependence: null,
  weightedShare: null,
  hhi: null,
  hhiBand: null,
  hhiSuppressed: null,
  singleSourceCount: null,
  medianInventoryDays: null,
  suppressed: false,
  suppression: null,
  ...r,
});

describe("the picture built from the database's rows", () => {
  const products = [{ code: "crm_cobalt", nameEn: "Cobalt", nameJa: "コバルト" }, { code: "crm_pgm", nameEn: "PGM", nameJa: "白金族" }];
  const rows: AggregateRow[] = [
    row({ period: "2030-H1", productCode: "crm_cobalt", companyCount: 5, hhi: 2984, hhiBand: "high", hhiSuppressed: false, singleSourceCount: 1, medianInventoryDays: 30 }),
    row({ period: "2030-H1", productCode: "crm_cobalt", supplierCountry: "ZA", suppressed: true, suppression: "small_group" }),
    row({ period: "2030-H1", productCode: "crm_cobalt", supplierCountry: "AU", suppressed: true, suppression: "complementary" }),
    row({ period: "2030-H1", productCode: "crm_cobalt", supplierCountry: "CD", companyCount: 4, medianDependence: 55, weightedShare: 44 }),
    row({ period: "2030-H1", productCode: "crm_cobalt", supplierCountry: "CN", companyCount: 3, medianDependence: 30, weightedShare: 50 }),
    row({ period: "2029-H2", productCode: "crm_cobalt", hhiSuppressed: true, suppressed: true, suppression: "small_group" }),
    row({ period: "2029-H2", productCode: "crm_cobalt", supplierCountry: "CD", companyCount: 3, medianDependence: 60, weightedShare: 49.5 }),
  ];
  const built = buildInsights({ rows, products, period: "2030-H1", previousPeriod: "2029-H2", periods: ["2029-H2", "2030-H1"], trendPeriods: ["2029-H2", "2030-H1"] });

  it("shows a change only where both periods show the figure", () => {
    expect(built.products[0]).toMatchObject({ companyCount: 5, hhiBand: "high", change: { companyCount: null, hhi: null, singleSourceCount: null, medianInventoryDays: null } });
    expect(built.cells.find((c) => c.supplierCountry === "CD")!.change).toEqual({ companyCount: 1, medianDependence: -5, weightedShare: -5.5 });
    expect(built.cells.find((c) => c.supplierCountry === "CN")!.change).toEqual({ companyCount: null, medianDependence: null, weightedShare: null });
  });

  it("reports a product nobody reported as zero companies, and orders withheld cells by country, never by value", () => {
    expect(built.products[1]).toMatchObject({ productCode: "crm_pgm", suppressed: false, companyCount: 0, hhi: null, hhiSuppressed: false });
    expect(built.cells.map((c) => c.supplierCountry)).toEqual(["CN", "CD", "AU", "ZA"]);
    expect(built.trend.map((p) => p.products[0]!.suppressed)).toEqual([true, false]);
    expect(built.products[1]!.change.companyCount).toBe(0);
    // Before the first period with data there is nothing to compare with.
    const first = buildInsights({ rows, products, period: "2029-H2", previousPeriod: "2029-H1", periods: ["2029-H2", "2030-H1"], trendPeriods: ["2029-H2"] });
    expect(first.products.map((p) => p.change.companyCount)).toEqual([null, null]);
  });

  it("exports the same figures as CSV, withheld ones empty and negative changes as numbers", () => {
    const lines = insightsCsv(built).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^period,level,product_code,supplier_country,suppressed,suppression,company_count,/);
    expect(lines).toHaveLength(1 + 2 + 4);
    expect(lines).toContain("2030-H1,cell,crm_cobalt,CD,false,,4,55,44,,,,,,1,-5,-5.5,,,");
    expect(lines).toContain("2030-H1,cell,crm_cobalt,ZA,true,small_group,,,,,,,,,,,,,,");
    expect(lines).toContain("2030-H1,product,crm_cobalt,,false,,5,,,2984,high,false,1,30,,,,,,");
  });
});
