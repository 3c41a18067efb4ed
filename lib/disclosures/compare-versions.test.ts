import { describe, expect, it } from "vitest";
import type { StoredExposureItem } from "@/db/schema";
import { changeCounts, compareItems } from "./compare-versions";

const item = (over: Partial<StoredExposureItem>): StoredExposureItem => ({
  productCode: "antimicrobials",
  stage: "processing",
  supplierCountry: "CN",
  sharePercent: 60,
  inventoryDays: 30,
  alternativeSuppliers: 1,
  singleSource: false,
  ...over,
});

describe("compareItems", () => {
  it("pairs rows by what they are about and names the values that changed", () => {
    const from = [item({ material: "6-APA" }), item({ supplierCountry: "IN", sharePercent: 40 })];
    const to = [item({ material: "6-apa ", sharePercent: 55, mitigation: { strategy: "reshore", plan: "p", targetDate: "2030-01-01" } }), item({ supplierCountry: "IN", sharePercent: 40 })];
    const changes = compareItems(from, to);
    expect(changes.map((c) => c.kind)).toEqual(["changed", "unchanged"]);
    expect(changes[0]).toMatchObject({ fields: ["sharePercent", "mitigationStrategy", "mitigationPlan", "mitigationTargetDate"] });
  });

  it("reports added and removed rows, removed ones where they stood", () => {
    const a = item({ supplierCountry: "CN" });
    const b = item({ supplierCountry: "IN" });
    const c = item({ supplierCountry: "IT" });
    const d = item({ supplierCountry: "DE" });
    const changes = compareItems([a, b, c], [a, d, c]);
    expect(changes.map((x) => x.kind)).toEqual(["unchanged", "removed", "added", "unchanged"]);
    expect(changeCounts(changes)).toEqual({ added: 1, removed: 1, changed: 0, unchanged: 2 });
  });

  it("pairs repeated identical rows one to one", () => {
    const a = item({});
    expect(compareItems([a, a], [a]).map((x) => x.kind)).toEqual(["unchanged", "removed"]);
    expect(compareItems([], [a]).map((x) => x.kind)).toEqual(["added"]);
    expect(compareItems([a], []).map((x) => x.kind)).toEqual(["removed"]);
  });

  it("treats a missing optional value and an empty list alike", () => {
    expect(compareItems([item({ riskFactors: [] })], [item({})]).map((x) => x.kind)).toEqual(["unchanged"]);
  });
});
