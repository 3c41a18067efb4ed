import { describe, expect, it } from "vitest";
import type { StoredExposureItem } from "@/db/schema";
import { fieldText } from "./item-text";

const t = (key: string) => `«${key}»`;
const item: StoredExposureItem = {
  productCode: "permanent_magnets",
  stage: "raw_material",
  supplierCountry: "CN",
  material: "NdPr oxide",
  hsCode: "2846.90",
  sharePercent: 62.5,
  inventoryDays: 1200,
  leadTimeDays: 45,
  alternativeSuppliers: 2,
  singleSource: false,
  riskFactors: ["export licences", "price spikes"],
  mitigation: { strategy: "stockpile", plan: "Six months of stock", targetDate: "2027-03-31" },
} as StoredExposureItem;

describe("fieldText", () => {
  it("writes figures, dates and lists in the reader's language", () => {
    expect(fieldText(item, "sharePercent", t, "en")).toBe("62.5%");
    expect(fieldText(item, "inventoryDays", t, "en")).toBe("1,200");
    expect(fieldText(item, "mitigationTargetDate", t, "en")).toBe("31 Mar 2027");
    expect(fieldText(item, "mitigationTargetDate", t, "ja")).toBe("2027/03/31");
    expect(fieldText(item, "riskFactors", t, "en")).toBe("export licences and price spikes");
    expect(fieldText(item, "riskFactors", t, "ja")).toBe("export licences、price spikes");
  });

  it("names codes and yes/no through the catalogue, and says when there is nothing", () => {
    expect(fieldText(item, "mitigationStrategy", t, "en")).toBe("«strategies.stockpile»");
    expect(fieldText(item, "singleSource", t, "en")).toBe("«no»");
    expect(fieldText({ ...item, supplierName: undefined }, "supplierName", t, "en")).toBe("«none»");
  });
});
