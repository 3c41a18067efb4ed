import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import ja from "i18n-iso-countries/langs/ja.json";

import { countryCodes } from "./country-codes";

export { countryCodes, isCountryCode } from "./country-codes";

countries.registerLocale(en);
countries.registerLocale(ja);

/**
 * Where the library's name is not the one Japan's government uses (the Ministry of Foreign Affairs' list of
 * countries and regions): Taiwan is no "Province of China" in a Japanese ministry's portal; Eswatini was
 * renamed from Swaziland in 2018; Czechia is the ISO short name since 2016.
 */
const NAMES_IN_USE: Record<string, Partial<Record<"en" | "ja", string>>> = {
  TW: { en: "Taiwan" },
  SZ: { ja: "エスワティニ" },
  CZ: { en: "Czechia" },
};

/** The country's name in English or Japanese (the code itself if unknown). */
export function countryName(code: string, locale: "en" | "ja"): string {
  return NAMES_IN_USE[code]?.[locale] ?? countries.getName(code, locale, { select: "official" }) ?? code;
}

/** Every country's name by code, in the reader's language: for views that render on the client too. */
export function countryNames(locale: string): Record<string, string> {
  const lang = locale === "ja" ? "ja" : "en";
  return Object.fromEntries(countryCodes.map((code) => [code, countryName(code, lang)]));
}
