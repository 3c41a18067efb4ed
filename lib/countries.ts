import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import ja from "i18n-iso-countries/langs/ja.json";

countries.registerLocale(en);
countries.registerLocale(ja);

/** ISO 3166-1 alpha-2 codes, from i18n-iso-countries. */
export const countryCodes: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();
const known = new Set(countryCodes);

export function isCountryCode(code: string): boolean {
  return known.has(code);
}

/** The country's name in English or Japanese (the code itself if unknown). */
export function countryName(code: string, locale: "en" | "ja"): string {
  return countries.getName(code, locale, { select: "official" }) ?? code;
}
