import { describe, expect, it } from "vitest";
import { hhiBand } from "./concentration";
import { periodOf, previousPeriod, trendPeriods } from "./periods";

describe("reporting periods", () => {
  it("steps back one half-year, across a year end", () => {
    expect(previousPeriod("2026-H2")).toBe("2026-H1");
    expect(previousPeriod("2026-H1")).toBe("2025-H2");
    expect(() => previousPeriod("2026-Q1")).toThrow();
  });

  it("knows the half-year of a date", () => {
    expect(periodOf(new Date("2026-06-30T23:59:59Z"))).toBe("2026-H1");
    expect(periodOf(new Date("2026-07-01T00:00:00Z"))).toBe("2026-H2");
  });

  it("ends a trend at the chosen period and keeps the latest periods with data before it", () => {
    const withData = ["2024-H1", "2024-H2", "2025-H1", "2025-H2", "2026-H1", "2026-H2"];
    expect(trendPeriods("2026-H1", withData, 3)).toEqual(["2025-H1", "2025-H2", "2026-H1"]);
    expect(trendPeriods("2024-H1", withData, 6)).toEqual(["2024-H1"]);
    expect(trendPeriods("2027-H1", ["2025-H2"], 6)).toEqual(["2025-H2", "2027-H1"]);
  });
});

describe("HHI bands (DOJ/FTC 2010)", () => {
  it("puts the boundaries where the guidelines do", () => {
    expect(hhiBand(0)).toBe("unconcentrated");
    expect(hhiBand(1499)).toBe("unconcentrated");
    expect(hhiBand(1500)).toBe("moderate");
    expect(hhiBand(2500)).toBe("moderate");
    expect(hhiBand(2501)).toBe("high");
    expect(hhiBand(10000)).toBe("high");
  });
});
