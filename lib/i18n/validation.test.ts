import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import { englishMessage, isCatalogueKey } from "./validation";

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

describe("isCatalogueKey", () => {
  it("tells a dotted catalogue key from text", () => {
    expect(isCatalogueKey("validation.required")).toBe(true);
    expect(isCatalogueKey("disclosures.submit.noItems")).toBe(true);
    expect(isCatalogueKey("This field is required.")).toBe(false);
    expect(isCatalogueKey("required")).toBe(false);
  });
});
