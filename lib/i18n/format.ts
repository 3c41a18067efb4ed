import type { Locale } from "./locale";

/** Picks the name in the reader's language. */
export function localName(locale: string, names: { nameEn: string; nameJa: string } | { en: string; ja: string }): string {
  if ("nameEn" in names) return locale === "ja" ? names.nameJa : names.nameEn;
  return locale === "ja" ? names.ja : names.en;
}

export function formatDateTime(locale: Locale | string, value: Date | string | null): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Tokyo",
  }).format(typeof value === "string" ? new Date(value) : value);
}
