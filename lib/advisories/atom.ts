import { Feed } from "feed";
import { createTranslator } from "next-intl";
import type { AdvisoryDocument, AdvisoryFeedEntry } from "./document";
import { escapeHtml } from "@/lib/html";
import type { Locale } from "@/lib/i18n/locale";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import { appUrl } from "./emails";
import { isLimitedDisclosure } from "./tlp";
import { xmlText } from "./xml-text";

// The feed package marks titles and summaries as type="html": the text is escaped so that a reader shows
// it as written and never renders markup from it. The feed's own words (its title, the notes and labels of
// its entries) are the catalogue's, in the language asked for; an advisory's words are as its agency wrote them.

const words = {
  en: createTranslator({ locale: "en", messages: en }),
  ja: createTranslator({ locale: "ja", messages: ja }),
};
type Words = (typeof words)[Locale];

const label = (d: AdvisoryDocument, t: Words) =>
  `[${t(`advisories.severities.${d.severity}`).toUpperCase()}] [TLP:${d.tlp}]${d.status === "withdrawn" ? ` [${t("feed.withdrawnLabel")}]` : d.status === "superseded" ? ` [${t("feed.supersededLabel")}]` : ""}`;

/** What an entry says: its summary (or, under limited disclosure, where to read it), after any withdrawal. */
function description(d: AdvisoryFeedEntry, limited: boolean, t: Words): string {
  const text = limited ? t("feed.limited") : d.summary;
  if (!d.withdrawal) return text;
  return `${limited ? t("feed.withdrawn") : t("feed.withdrawnBecause", { reason: d.withdrawal.reason })}\n\n${text}`;
}

/**
 * A company's Atom feed: one entry per advisory delivered to it, updated at its latest publication, withdrawal
 * or supersession (the entry's `updated`, which the feed's order follows: getAdvisoryFeed).
 */
export function toAtom(
  company: { id: string; nameEn: string; nameJa: string },
  entries: AdvisoryFeedEntry[],
  language: Locale = "en",
  env: NodeJS.ProcessEnv = process.env,
): string {
  const t = words[language];
  const base = appUrl(env);
  const updatedOf = (d: AdvisoryFeedEntry) => new Date(d.updated);
  const feed = new Feed({
    id: `urn:kakehashi:advisories:${company.id}`,
    title: xmlText(t("feed.title", { company: language === "ja" ? company.nameJa : company.nameEn })),
    link: `${base}/company/advisories`,
    feedLinks: { atom: `${base}/api/v1/advisories/feed.atom${language === "en" ? "" : `?lang=${language}`}` },
    updated: entries.length ? new Date(Math.max(...entries.map((e) => updatedOf(e).getTime()))) : new Date(0),
    generator: "Kakehashi",
    copyright: t("feed.rights"),
  });
  for (const d of entries) {
    // Under limited disclosure the entry comes without its words (getAdvisoryFeed): it says so, and where to read them.
    const limited = isLimitedDisclosure(d.tlp);
    feed.addItem({
      id: `urn:uuid:${d.id}`,
      title: escapeHtml(xmlText(limited ? `${label(d, t)} ${d.reference}` : `${label(d, t)} ${d.reference}: ${d.title}`)),
      link: d.url,
      date: updatedOf(d),
      published: d.firstPublishedAt ? new Date(d.firstPublishedAt) : undefined,
      description: escapeHtml(xmlText(description(d, limited, t))),
      author: [{ name: xmlText(language === "ja" ? d.agency.nameJa : d.agency.nameEn) }],
      category: [{ term: d.severity }, { term: `TLP:${d.tlp}` }],
    });
  }
  return feed.atom1();
}
