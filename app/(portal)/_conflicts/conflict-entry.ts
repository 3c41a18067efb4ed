import { formatDate, localName } from "@/lib/i18n/format";

type Values = Record<string, string>;

/**
 * A declaration as the lists say it: company, reason and days; or, cancelled before it began (ended by an
 * admin with its end the day before its start: endConflict), that it never applied.
 */
export function conflictEntry(
  t: (key: "entry" | "entryCancelled" | "open", values?: Values) => string,
  locale: string,
  c: { nameEn: string; nameJa: string; reason: string; validFrom: string; validUntil: string | null; standing: "open" | "ended" | "cancelled" },
): string {
  const values = { company: localName(locale, c), reason: c.reason, from: formatDate(locale, c.validFrom) };
  if (c.standing === "cancelled") return t("entryCancelled", values);
  return t("entry", { ...values, until: c.validUntil ? formatDate(locale, c.validUntil) : t("open") });
}
