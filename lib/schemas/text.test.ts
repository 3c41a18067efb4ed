import { describe, expect, it } from "vitest";
import { z } from "zod";
import { companyProfileInputSchema } from "./profile";
import { createAdvisorySchema, withdrawAdvisorySchema } from "./advisory";
import { conflictDeclarationSchema, organisationCreateSchema } from "./admin";
import { apiTokenCreateSchema } from "./api-token";
import { breakGlassSchema, createDisclosureSchema, exposureItemSchema, reviewInputSchema } from "./disclosure";
import { signInSchema, totpCodeSchema } from "./sign-in";
import { optionalLine, showsWhatItHolds, visibleLength, writtenText } from "./text";

const messagesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("text that shows what it holds", () => {
  it("refuses direction overrides, embeddings and isolates in any field, and hidden characters in a one-line field", () => {
    for (const control of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      expect([control, showsWhatItHolds(`Baotou ${control}ylppus`, false), showsWhatItHolds(`a\n${control}b`, true)]).toEqual([control, false, false]);
    }
    for (const hidden of ["\u200b", "\u2060", "\u00ad", "\ufeff", "\n", "\t", "\u0007", "\u2028"]) expect([hidden, showsWhatItHolds(`Bao${hidden}tou`, false)]).toEqual([hidden, false]);
    // Several lines keep their breaks and tabs, and an emoji's joiner.
    expect(showsWhatItHolds("First line\r\n\tsecond 👩‍🔬", true)).toBe(true);
    expect(showsWhatItHolds("a\u0007b", true)).toBe(false);
    expect(showsWhatItHolds("星野マグネティクス (Hoshino) — 2026", false)).toBe(true);
  });

  it("counts what can be seen: code points, without zero-width characters or the spaces around", () => {
    expect(visibleLength("  \u200b\u2060 ")).toBe(0);
    expect(visibleLength("🔥".repeat(10) + "\u200b".repeat(10))).toBe(10);
    expect(visibleLength("磁石 magnet")).toBe(9);
  });

  it("gives each field its message: too long, hidden characters, too few that can be seen", () => {
    const field = writtenText({ max: 5, min: 2, short: "validation.justification" });
    expect(messagesOf(field, "abcdef")).toEqual([": validation.tooLong"]);
    expect(messagesOf(field, "a\u202eb")).toEqual([": validation.hiddenCharacters"]);
    expect(messagesOf(field, " a ")).toEqual([": validation.justification"]);
    expect(field.parse("  ab ")).toBe("ab");
    expect(optionalLine(10).parse("   ")).toBeUndefined();
  });

  it("is the rule of every free-text field one party writes and another reads", () => {
    const rlo = "Baotou \u202eylppus erar\u202c Co";
    const item = { productCode: "permanent_magnets", stage: "component", supplierCountry: "CN", sharePercent: 60, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false };
    const hidden = "validation.hiddenCharacters";
    expect(messagesOf(exposureItemSchema, { ...item, supplierName: rlo, material: rlo, riskFactors: [rlo], mitigation: { strategy: "stockpile", plan: rlo, targetDate: "2999-01-01" }, confidentiality: { claimed: true, reason: rlo } })).toEqual([
      `material: ${hidden}`,
      `supplierName: ${hidden}`,
      `riskFactors.0: ${hidden}`,
      `mitigation.plan: ${hidden}`,
      `confidentiality.reason: ${hidden}`,
    ]);
    expect(messagesOf(createDisclosureSchema, { reportingPeriod: "2026-H2", notes: rlo })).toEqual([`notes: ${hidden}`]);
    expect(messagesOf(reviewInputSchema, { decision: "comment", comment: `Please \u202edetcefni\u202c now` })).toEqual([`comment: ${hidden}`]);
    expect(messagesOf(breakGlassSchema, { justification: `An urgent supply shortage ${rlo}` })).toEqual([`justification: ${hidden}`]);
    const advisory = { title: rlo, summary: rlo, body: rlo, severity: "high", tlp: "CLEAR", targets: { products: ["permanent_magnets"] } };
    expect(messagesOf(createAdvisorySchema, advisory)).toEqual([`title: ${hidden}`, `summary: ${hidden}`, `body: ${hidden}`]);
    expect(messagesOf(withdrawAdvisorySchema, { reason: `Superseded: ${rlo}` })).toEqual([`reason: ${hidden}`]);
    expect(messagesOf(organisationCreateSchema, { type: "agency", nameEn: rlo, nameJa: "省" })).toEqual([`nameEn: ${hidden}`]);
    expect(messagesOf(conflictDeclarationSchema, { userId: crypto.randomUUID(), companyId: crypto.randomUUID(), reason: `My spouse works there ${rlo}`, validFrom: "2026-01-01" })).toEqual([`reason: ${hidden}`]);
    expect(messagesOf(companyProfileInputSchema, { contactName: rlo, contactPhone: "03-1234-5678", productCodes: [] })).toEqual([`contactName: ${hidden}`]);
    expect(messagesOf(apiTokenCreateSchema, { name: rlo, expiresInDays: 30 })).toEqual([`name: ${hidden}`]);
  });

  it("needs text that can be seen where text is required", () => {
    expect(messagesOf(reviewInputSchema, { decision: "request_changes", comment: "\u200b\u2060" })).toEqual(["comment: validation.required"]);
    expect(messagesOf(breakGlassSchema, { justification: "🔥".repeat(10) + "\u200b".repeat(10) })).toEqual(["justification: validation.justification"]);
    expect(messagesOf(exposureItemSchema.shape.confidentiality, { claimed: true, reason: "\u200b" })).toEqual(["reason: validation.confidentialityReason"]);
    // Twenty that can be seen, however many code units: emoji count once each.
    expect(messagesOf(breakGlassSchema, { justification: "🔥".repeat(20) })).toEqual([]);
  });
});

describe("codes typed on a Japanese keyboard", () => {
  it("read full-width digits and letters as their ASCII forms", () => {
    expect(signInSchema.parse({ email: "ｏｆｆｉｃｅｒ＠ｈｏｓｈｉｎｏ．ｅｘａｍｐｌｅ", password: "x", code: "１３９ １７５" })).toMatchObject({ email: "officer@hoshino.example", code: "139175" });
    expect(totpCodeSchema.parse({ code: "１３９１７５" })).toEqual({ code: "139175" });
    expect(createDisclosureSchema.parse({ reportingPeriod: " ２０２６-h２ " }).reportingPeriod).toBe("2026-H2");
    expect(companyProfileInputSchema.parse({ contactName: "佐藤", contactPhone: "０３-１２３４-５６７８", productCodes: [] }).contactPhone).toBe("03-1234-5678");
    expect(organisationCreateSchema.parse({ type: "company", nameEn: "A", nameJa: "エー", corporateNumber: "７０１０００１０８８９６０" }).corporateNumber).toBe("7010001088960");
  });
});
