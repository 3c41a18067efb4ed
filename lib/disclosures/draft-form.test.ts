import { describe, expect, it } from "vitest";
import type { StoredExposureItem } from "@/db/schema";
import { updateDisclosureSchema } from "@/lib/schemas/disclosure";
import { emptyItem, messageKeyOf, shareTotalErrorRows, toDraftFormValues, toDraftInput } from "./draft-form";

const stored: StoredExposureItem = {
  productCode: "antimicrobials",
  hsCode: "2941.10",
  material: "6-APA",
  stage: "processing",
  supplierCountry: "CN",
  sharePercent: 65,
  inventoryDays: 60,
  leadTimeDays: 75,
  alternativeSuppliers: 1,
  singleSource: false,
  riskFactors: ["single API plant", "quality recalls"],
  mitigation: { strategy: "reshore", plan: "Restart domestic fermentation.", targetDate: "2099-03-31" },
  confidentiality: { claimed: true, reason: "Contract terms" },
};

describe("the draft form model", () => {
  it("round-trips a stored item through the form and the shared schema", () => {
    const parsed = updateDisclosureSchema.parse(toDraftInput(toDraftFormValues([stored], "Notes")));
    expect(parsed).toEqual({ items: [stored], notes: "Notes" });
  });

  it("leaves empty optional fields out and keeps the required ones for the schema to refuse", () => {
    const result = updateDisclosureSchema.safeParse(toDraftInput({ items: [emptyItem()], notes: "" }));
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["items.0.productCode", "items.0.stage", "items.0.supplierCountry", "items.0.sharePercent", "items.0.inventoryDays"]));
    expect(paths.some((p) => /hsCode|material|leadTimeDays|mitigation|confidentiality|riskFactors/.test(p))).toBe(false);
  });

  it("refuses text in a number field, and a half-filled mitigation names its missing parts", () => {
    const item = { ...toDraftFormValues([stored], null).items[0]!, sharePercent: "lots", mitigation: { strategy: "", plan: "Stockpile", targetDate: "" } };
    const result = updateDisclosureSchema.safeParse(toDraftInput({ items: [item], notes: "" }));
    const issues = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["items.0.sharePercent", "validation.number"],
        ["items.0.mitigation.strategy", "validation.strategy"],
        ["items.0.mitigation.targetDate", "validation.date"],
      ]),
    );
  });

  it("puts the share-total error on each row of the product and stage", () => {
    const a = { ...emptyItem(), productCode: "antimicrobials", stage: "processing", supplierCountry: "CN", sharePercent: "70", inventoryDays: "10" };
    const b = { ...a, supplierCountry: "IN", sharePercent: "40" };
    const result = updateDisclosureSchema.safeParse(toDraftInput({ items: [a, b], notes: "" }));
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["items.0.sharePercent", "validation.shareTotal"],
      ["items.1.sharePercent", "validation.shareTotal"],
    ]);
  });

  it("finds rows over the share total while other fields are still empty", () => {
    const a = { ...emptyItem(), productCode: "antimicrobials", stage: "processing", sharePercent: "70" };
    const b = { ...a, sharePercent: "40" };
    const other = { ...a, stage: "component", sharePercent: "90" };
    const unfinished = { ...a, productCode: "", sharePercent: "50" };
    expect(shareTotalErrorRows({ items: [a, other, b, unfinished], notes: "" })).toEqual([0, 2]);
    expect(shareTotalErrorRows({ items: [a, { ...b, sharePercent: "30" }], notes: "" })).toEqual([]);
  });

  it("keeps the server's catalogue keys and answers null for text", () => {
    expect(messageKeyOf("validation.required")).toBe("validation.required");
    expect(messageKeyOf("disclosures.submit.noItems")).toBe("disclosures.submit.noItems");
    expect(messageKeyOf("Something else")).toBeNull();
  });
});
