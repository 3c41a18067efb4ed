import { createTranslator } from "next-intl";
import type { EmailLocale } from "@/db/schema";
import { formatDateTime } from "@/lib/i18n/format";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };

// The words of every email come from the catalogue's `emails` namespace: the Japanese from ja.json, the
// English from en.json. A recipient who chose a language (users.email_locale, migration 0052) gets only
// that one; anyone else — who chose none, or an address that is no one's account yet — gets both, Japanese
// first, as every email was written before there was a choice.

/** A recipient's choice: one language, or null (or unknown) for both. */
export type EmailLanguage = EmailLocale | null | undefined;

export const emailWords = {
  ja: createTranslator({ locale: "ja", messages: ja, namespace: "emails" }),
  en: createTranslator({ locale: "en", messages: en, namespace: "emails" }),
};

/** The whole catalogue of each language, for words an email borrows from the portal's pages (TLP rules, anomaly rules). */
export const emailCatalogues = { ja, en };

/** The languages an email is written in, in the order they appear: the chosen one, or Japanese then English. */
export function emailLanguages(choice: EmailLanguage): EmailLocale[] {
  return choice ? [choice] : ["ja", "en"];
}

/** The email's languages in another order (some lines of the advisory notices put English first), keeping only those it is written in. */
export function inOrder(languages: readonly EmailLocale[], order: readonly EmailLocale[]): EmailLocale[] {
  return order.filter((l) => languages.includes(l));
}

/** One line said in each language, joined as the bilingual emails always joined them: "日本語 / English". */
export function eachSaid(languages: readonly EmailLocale[], say: (language: EmailLocale) => string): string {
  return languages.map(say).join(" / ");
}

/** A block of lines per language, the blocks apart by a blank line. */
export function blocks(languages: readonly EmailLocale[], lines: (language: EmailLocale) => string[]): string[] {
  return languages.flatMap((language, i) => (i === 0 ? lines(language) : ["", ...lines(language)]));
}

/** A moment as an email says it: in Japan time (the portal's), in the reader's language, and saying so. */
export function emailTime(language: EmailLocale, at: Date): string {
  return emailWords[language]("japanTime", { time: formatDateTime(language, at) });
}
