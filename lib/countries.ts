import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import ja from "i18n-iso-countries/langs/ja.json";

import { countryCodes } from "./country-codes";

export { countryCodes, isCountryCode } from "./country-codes";

countries.registerLocale(en);
countries.registerLocale(ja);

/** The country's name in English or Japanese (the code itself if unknown). */
export function countryName(code: string, locale: "en" | "ja"): string {
  return countries.getName(code, locale, { select: "official" }) ?? code;
}

/** Every country's name by code, in the reader's language: for views that render on the client too. */
export function countryNames(locale: string): Record<string, string> {
  const lang = locale === "ja" ? "ja" : "en";
  return Object.fromEntries(countryCodes.map((code) => [code, countryName(code, lang)]));
}
