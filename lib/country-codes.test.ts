import countries from "i18n-iso-countries";
import { describe, expect, it } from "vitest";
import { countryCodes, isCountryCode } from "./country-codes";
import { countryNames } from "./countries";

describe("country codes", () => {
  it("are the library's ISO 3166-1 alpha-2 codes, sorted, without the user-assigned XK it lists too", () => {
    expect(countryCodes).toEqual(Object.keys(countries.getAlpha2Codes()).filter((code) => code !== "XK").sort());
    expect(isCountryCode("XK")).toBe(false);
    expect(countryCodes.length).toBeGreaterThan(240);
  });

  it("know real codes and refuse others", () => {
    expect(isCountryCode("JP")).toBe(true);
    expect(isCountryCode("CN")).toBe(true);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("jp")).toBe(false);
  });

  it("have a name for every code in both languages", () => {
    const en = countryNames("en");
    const ja = countryNames("ja");
    expect(Object.keys(en).sort()).toEqual([...countryCodes]);
    expect(en.JP).toBe("Japan");
    expect(ja.JP).toBe("日本");
    expect(countryCodes.filter((code) => !ja[code] || ja[code] === code)).toEqual([]);
  });

  it("name Taiwan, Eswatini and Czechia as Japan's government does, not as the library's lists still do", () => {
    const en = countryNames("en");
    const ja = countryNames("ja");
    expect([en.TW, ja.TW, en.SZ, ja.SZ, en.CZ, ja.CZ]).toEqual(["Taiwan", "台湾", "Eswatini", "エスワティニ", "Czechia", "チェコ"]);
  });
});
