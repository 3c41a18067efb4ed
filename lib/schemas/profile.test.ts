import { describe, expect, it } from "vitest";
import { companyProfileInputSchema } from "./profile";

const valid = {
  contactName: "Haruka Sato",
  contactEmail: "compliance@hoshino.example",
  contactPhone: "+81 3-0000-0101",
  productCodes: ["permanent_magnets", "crm_rare_earths_magnets"],
};

function issuesOf(input: unknown): string[] {
  const result = companyProfileInputSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
}

describe("companyProfileInputSchema", () => {
  it("accepts a complete profile", () => {
    expect(companyProfileInputSchema.parse(valid)).toEqual(valid);
  });

  it("accepts an empty or missing contact email", () => {
    expect(companyProfileInputSchema.safeParse({ ...valid, contactEmail: "" }).success).toBe(true);
    const withoutEmail: Record<string, unknown> = { ...valid };
    delete withoutEmail.contactEmail;
    expect(companyProfileInputSchema.safeParse(withoutEmail).success).toBe(true);
  });

  it("rejects unknown fields (strict)", () => {
    const issues = issuesOf({ ...valid, version: 7 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/unrecognized|version/i);
  });

  it("rejects a phone number that is not digits, spaces, brackets and dashes", () => {
    expect(issuesOf({ ...valid, contactPhone: "call me maybe" })).toEqual(["contactPhone:validation.phone"]);
    expect(issuesOf({ ...valid, contactPhone: "12" })).toEqual(["contactPhone:validation.phone"]);
  });

  it("rejects a product code outside the taxonomy", () => {
    expect(issuesOf({ ...valid, productCodes: ["permanent_magnets", "unobtainium"] })).toEqual([
      "productCodes.1:validation.productCode",
    ]);
  });

  it("rejects a product listed twice", () => {
    expect(issuesOf({ ...valid, productCodes: ["permanent_magnets", "permanent_magnets"] })).toEqual([
      "productCodes:validation.duplicateProduct",
    ]);
  });

  it("rejects a blank contact name and a malformed email, reporting both", () => {
    expect(issuesOf({ ...valid, contactName: "   ", contactEmail: "nope" }).sort()).toEqual([
      "contactEmail:validation.email",
      "contactName:validation.required",
    ]);
  });
});
