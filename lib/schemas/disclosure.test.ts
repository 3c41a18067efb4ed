import { describe, expect, it } from "vitest";
import { tokyoToday } from "@/lib/i18n/format";
import { breakGlassSchema, createDisclosureSchema, decodeDisclosureCursor, encodeDisclosureCursor, exposureItemsSchema, reviewInputSchema, updateDisclosureSchema, type ExposureItem } from "./disclosure";

const base: ExposureItem = { productCode: "permanent_magnets", stage: "component", supplierCountry: "CN", sharePercent: 60, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false };
const errorsOf = (items: unknown) => {
  const result = exposureItemsSchema.safeParse(items);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("missing fields", () => {
  it("are said in the catalogue's words, not zod's English about types", () => {
    const result = createDisclosureSchema.safeParse({ items: [{ productCode: "permanent_magnets" }] });
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages.reportingPeriod).toBe("validation.required");
    // A schema's own message for the field still comes first (a stage: "choose one from the list").
    expect(messages["items.0.stage"]).toBe("validation.stage");
    expect(Object.values(messages).filter((m) => !/^validation\.[a-zA-Z]+$/.test(m))).toEqual([]);
  });
});

describe("exposure items", () => {
  it("accepts a complete item and shares adding up to 100 per product and stage", () => {
    expect(errorsOf([base, { ...base, supplierCountry: "VN", sharePercent: 40 }, { ...base, stage: "raw_material", sharePercent: 100 }])).toEqual([]);
  });

  it("flags every share of a product and stage whose total passes 100, and no other", () => {
    expect(errorsOf([base, { ...base, supplierCountry: "VN", sharePercent: 41 }, { ...base, productCode: "semiconductors" }])).toEqual([
      { path: "0.sharePercent", message: "validation.shareTotal" },
      { path: "1.sharePercent", message: "validation.shareTotal" },
    ]);
  });

  it("holds the total to 100 to the hundredth: 60 + 40.01 passes it, 59.99 + 40.01 is exactly 100", () => {
    expect(errorsOf([base, { ...base, supplierCountry: "VN", sharePercent: 40.01 }])).toEqual([
      { path: "0.sharePercent", message: "validation.shareTotal" },
      { path: "1.sharePercent", message: "validation.shareTotal" },
    ]);
    expect(errorsOf([{ ...base, sharePercent: 59.99 }, { ...base, supplierCountry: "VN", sharePercent: 40.01 }])).toEqual([]);
  });

  it("refuses an item entered twice, on the second entry, but not one that differs in any field", () => {
    const first = { ...base, sharePercent: 30, supplierName: "Baotou Magnetics" };
    expect(errorsOf([first, { ...base, supplierCountry: "VN", sharePercent: 10 }, { ...first }])).toEqual([{ path: "2.productCode", message: "validation.duplicateItem" }]);
    expect(errorsOf([first, { ...first, supplierName: "Ganzhou Rare Metals" }])).toEqual([]);
    // Text is compared as stored: surrounding spaces do not make an item new.
    expect(errorsOf([first, { ...first, supplierName: " Baotou Magnetics " }])).toEqual([{ path: "1.productCode", message: "validation.duplicateItem" }]);
    // Nor does a blank text against none, or an HS code with its dots against one without.
    expect(errorsOf([first, { ...first, material: "   " }])).toEqual([{ path: "1.productCode", message: "validation.duplicateItem" }]);
    expect(errorsOf([{ ...first, hsCode: "8505.11" }, { ...first, hsCode: "850511" }])).toEqual([{ path: "1.productCode", message: "validation.duplicateItem" }]);
  });

  it("keeps what it checked: a share as its hundredth, an HS code with its dots, blank text as none", () => {
    const [tiny, almost] = exposureItemsSchema.parse([
      { ...base, sharePercent: 1e-9, hsCode: "２８０５３０", material: "  " },
      { ...base, stage: "raw_material", sharePercent: 99.999999999, hsCode: "85051100" },
    ]);
    expect([tiny!.sharePercent, tiny!.hsCode, "material" in tiny! && tiny!.material]).toEqual([0, "2805.30", undefined]);
    expect([almost!.sharePercent, almost!.hsCode]).toEqual([100, "8505.11.00"]);
  });

  it("refuses unknown products and countries, shares out of 0–100, fractional days, past mitigation dates", () => {
    const errors = errorsOf([
      { ...base, productCode: "unobtainium", supplierCountry: "XX", sharePercent: 101, inventoryDays: 1.5, mitigation: { strategy: "stockpile", plan: "Buffer", targetDate: "2020-01-01" } },
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: "0.productCode", message: "validation.productCode" },
        { path: "0.supplierCountry", message: "validation.country" },
        { path: "0.sharePercent", message: "validation.share" },
        { path: "0.inventoryDays", message: "validation.integer" },
        { path: "0.mitigation.targetDate", message: "validation.futureDate" },
      ]),
    );
  });

  it("takes shares to two decimals, as they are stored, so a total checked is the total kept", () => {
    expect(errorsOf([{ ...base, sharePercent: 50.005 }, { ...base, supplierCountry: "JP", sharePercent: 49.995 }])).toEqual([
      { path: "0.sharePercent", message: "validation.shareDecimals" },
      { path: "1.sharePercent", message: "validation.shareDecimals" },
    ]);
    expect(errorsOf([{ ...base, sharePercent: 33.33 }, { ...base, supplierCountry: "JP", sharePercent: 66.67 }, { ...base, supplierCountry: "VN", sharePercent: 0.1 + 0.2 - 0.3 }])).toEqual([]);
  });

  it("judges a mitigation date by the day in Japan, where the companies are", () => {
    // 08:00 on 10 March in Tokyo is still 9 March in UTC: 10 March is today, not the future.
    expect(tokyoToday(new Date("2026-03-09T23:00:00Z"))).toBe("2026-03-10");
    expect(tokyoToday(new Date("2026-03-10T14:59:59Z"))).toBe("2026-03-10");
    expect(tokyoToday(new Date("2026-03-10T15:00:00Z"))).toBe("2026-03-11");
    const today = tokyoToday();
    expect(errorsOf([{ ...base, mitigation: { strategy: "stockpile", plan: "Buffer", targetDate: today } }])).toEqual([{ path: "0.mitigation.targetDate", message: "validation.futureDate" }]);
  });

  it("knows ISO 3166-1 countries only (not the user-assigned XK)", () => {
    expect(errorsOf([{ ...base, supplierCountry: "XK" }])).toEqual([{ path: "0.supplierCountry", message: "validation.country" }]);
  });

  it("asks a reason for a confidentiality claim, and refuses unknown fields", () => {
    expect(errorsOf([{ ...base, confidentiality: { claimed: true } }])).toEqual([{ path: "0.confidentiality.reason", message: "validation.confidentialityReason" }]);
    expect(errorsOf([{ ...base, secret: 1 }])).toHaveLength(1);
  });
});

describe("disclosure inputs", () => {
  it("takes periods like 2026-H2 only, from 2000 on (a year 0000 had made the period before it '-1-H2')", () => {
    for (const good of ["2026-H2", "2000-H1", "2400-H2"]) expect(createDisclosureSchema.safeParse({ reportingPeriod: good }).success).toBe(true);
    for (const bad of ["2026-H3", "2026H2", "26-H1", "", "0000-H1", "0001-H1", "1999-H2"]) expect(createDisclosureSchema.safeParse({ reportingPeriod: bad }).success).toBe(false);
  });

  it("needs something to change, and a comment unless accepting", () => {
    expect(updateDisclosureSchema.safeParse({}).success).toBe(false);
    expect(reviewInputSchema.safeParse({ decision: "request_changes", comment: " " }).success).toBe(false);
    expect(reviewInputSchema.safeParse({ decision: "accept" }).success).toBe(true);
  });

  it("asks a break-glass justification of twenty characters that can be seen", () => {
    expect(breakGlassSchema.safeParse({ justification: "\u200b".repeat(20) }).success).toBe(false);
    expect(breakGlassSchema.safeParse({ justification: `${"\u2060".repeat(15)}Fire at a plant` }).success).toBe(false);
    expect(breakGlassSchema.safeParse({ justification: "Fire at a magnet plant in Ningbo" }).success).toBe(true);
    // The boundary: nineteen is too few, twenty enough, and nineteen with an invisible one is nineteen.
    expect(breakGlassSchema.safeParse({ justification: "Fire at plant 19 ch" }).success).toBe(false);
    expect(breakGlassSchema.safeParse({ justification: "Fire at plant 20 chr" }).success).toBe(true);
    expect(breakGlassSchema.safeParse({ justification: "Fire at plant 19 ch\u200b" }).success).toBe(false);
  });

  it("round-trips list cursors and refuses anything else", () => {
    const cursor = { updatedAt: "2026-11-28T01:02:03.456789Z", id: "00000000-0000-4000-b000-000000000101" };
    expect(decodeDisclosureCursor(encodeDisclosureCursor(cursor))).toEqual(cursor);
    expect(decodeDisclosureCursor("bm90LWEtY3Vyc29y")).toBeNull();
    expect(decodeDisclosureCursor("!!")).toBeNull();
  });
});
