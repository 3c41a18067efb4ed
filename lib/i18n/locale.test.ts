import { describe, expect, it } from "vitest";
import { isLocale, localeFromAcceptLanguage } from "./locale";

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["ja-JP,ja;q=0.9,en;q=0.8", "ja"],
    ["JA", "ja"],
    ["en-GB,en;q=0.9", "en"],
    ["fr-FR, de;q=0.8, ja;q=0.5", "ja"],
    ["fr-FR, de;q=0.8", "en"],
    ["", "en"],
    ["*", "en"],
  ] as const)("answers %j with %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it("falls back to English without a header", () => {
    expect(localeFromAcceptLanguage(null)).toBe("en");
  });

  it("recognises only supported locales", () => {
    expect(isLocale("en")).toBe(true);
    expect(isLocale("ja")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
