import { describe, expect, it } from "vitest";
import { corporateNumberCheckDigit, isValidCorporateNumber, withCheckDigit } from "./corporate-number";

describe("corporate number check digit", () => {
  it.each(["5010001000101", "4010001000102", "7000012050002"])("accepts the valid number %s", (value) => {
    expect(isValidCorporateNumber(value)).toBe(true);
  });

  it("computes the check digit from the twelve base digits", () => {
    expect(corporateNumberCheckDigit("010001000101")).toBe(5);
    expect(withCheckDigit("010001000102")).toBe("4010001000102");
  });

  it("rejects a number when any single digit changes", () => {
    const valid = "5010001000101";
    for (let i = 0; i < valid.length; i++) {
      const digit = Number(valid[i]);
      const changed = `${valid.slice(0, i)}${(digit + 1) % 10}${valid.slice(i + 1)}`;
      expect(isValidCorporateNumber(changed), changed).toBe(false);
    }
  });

  it("rejects values that are not thirteen digits", () => {
    for (const value of ["", "501000100010", "50100010001011", "501000100010a", " 5010001000101"]) {
      expect(isValidCorporateNumber(value)).toBe(false);
    }
    expect(() => corporateNumberCheckDigit("12345")).toThrow();
  });
});
