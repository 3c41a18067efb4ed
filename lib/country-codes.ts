// ISO 3166-1 alpha-2 codes alone, from i18n-iso-countries' own code table: what validation needs, and
// all a browser bundle needs of it (the forms' schemas run there). Names are in ./countries.ts, which
// also brings the library's name tables and its diacritics map — about 50 KB the editor need not load.
import table from "i18n-iso-countries/codes.json";

/** ISO 3166-1 alpha-2 codes, sorted. */
// XK (Kosovo) is a user-assigned code, not one ISO 3166-1 assigns: the library lists it, the standard not.
export const countryCodes: readonly string[] = (table as string[][]).map((row) => row[0]!).filter((code) => code !== "XK").sort();
const known = new Set(countryCodes);

export function isCountryCode(code: string): boolean {
  return known.has(code);
}
