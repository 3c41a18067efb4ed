import { formatDate, localName } from "@/lib/i18n/format";

type Values = Record<string, string>;

/**
 * A declaration as the lists say it: company, reason and days; or, ended by an admin no later than its first
 * day (its end the day before its start: endConflict), that it no longer applies. Days cannot tell whether it
 * was in force for part of its first day; the audit log's times of its declaration and end can.
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
