import type { Locale } from "./locale";

/** The Intl locale of a portal language: British English (day before month), Japanese. */
export const intlLocale = (locale: Locale | string): string => (locale === "ja" ? "ja-JP" : "en-GB");

/** The portal's clock: every date a person sees or picks is a date in Japan. */
export const PORTAL_TIME_ZONE = "Asia/Tokyo";

/** Picks the name in the reader's language. */
export function localName(locale: string, names: { nameEn: string; nameJa: string } | { en: string; ja: string }): string {
  if ("nameEn" in names) return locale === "ja" ? names.nameJa : names.nameEn;
  return locale === "ja" ? names.ja : names.en;
}

export function formatDateTime(locale: Locale | string, value: Date | string | null): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: PORTAL_TIME_ZONE,
  }).format(typeof value === "string" ? new Date(value) : value);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date (`2027-03-31`, as forms and the API give it) in the reader's language. It is a day, not a
 * moment: it is read and written in UTC so that no time zone moves it. Anything else is shown as given.
 */
export function formatDate(locale: Locale | string, isoDate: string): string {
  const match = CALENDAR_DATE.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== isoDate) return isoDate; // 2027-02-30 is no day
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** Today's date in Japan (`YYYY-MM-DD`): from midnight to 9 a.m. in Tokyo, UTC still has yesterday. */
export function tokyoToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: PORTAL_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** A number in the reader's language (digit grouping, decimal mark), to at most `digits` decimals. */
export function formatNumber(locale: Locale | string, value: number, digits = 1): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: digits }).format(value);
}

/** A percentage given as 0–100 (`71.7` → "71.7%"), to at most `digits` decimals. */
export function formatPercent(locale: Locale | string, value: number, digits = 1): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: digits }).format(value / 100);
}

/**
 * Names in a list as the reader's language writes one ("A, B and C"; 「A、B、C」). Empty for none, so that
 * `formatList(…) || t("none")` reads naturally.
 */
export function formatList(locale: Locale | string, items: readonly string[], type: "conjunction" | "disjunction" = "conjunction"): string {
  return new Intl.ListFormat(intlLocale(locale), { style: "long", type }).format(items);
}
