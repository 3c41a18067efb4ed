import { describe, expect, it } from "vitest";
import { z } from "zod";
import { companyProfileInputSchema } from "@/lib/schemas/profile";
import en from "./messages/en.json";
import { englishMessage, fieldErrorsFrom } from "./validation";

describe("englishMessage", () => {
  it("translates a validation catalogue key into English", () => {
    expect(englishMessage("validation.required")).toBe(en.validation.required);
    expect(englishMessage("validation.phone")).toBe(en.validation.phone);
  });

  it("leaves an unknown key and a plain message as they are", () => {
    expect(englishMessage("validation.noSuchKey")).toBe("validation.noSuchKey");
    expect(englishMessage("Something went wrong.")).toBe("Something went wrong.");
  });
});

describe("fieldErrorsFrom", () => {
  it("lists every issue with its dotted path and English message", () => {
    const result = companyProfileInputSchema.safeParse({
      contactName: "",
      contactPhone: "x",
      productCodes: ["permanent_magnets", "nope"],
    });
    expect(result.success).toBe(false);
    expect(fieldErrorsFrom(result.error!)).toEqual(
      expect.arrayContaining([
        { path: "contactName", message: en.validation.required },
        { path: "contactPhone", message: en.validation.phone },
        { path: "productCodes.1", message: en.validation.productCode },
      ]),
    );
  });

  it("names the body itself when the issue has no path", () => {
    const result = z.object({ a: z.string() }).safeParse("not an object");
    expect(fieldErrorsFrom(result.error!)).toEqual([{ path: "(body)", message: expect.any(String) }]);
  });
});
