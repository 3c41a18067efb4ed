import { Feed } from "feed";
import type { AdvisoryDocument, AdvisoryFeedEntry } from "./document";
import { escapeHtml } from "@/lib/html";
import { appUrl } from "./emails";
import { isLimitedDisclosure } from "./tlp";
import { xmlText } from "./xml-text";

// The feed package marks titles and summaries as type="html": the text is escaped so that a reader shows
// it as written and never renders markup from it.

const label = (d: AdvisoryDocument) =>
  `[${d.severity.toUpperCase()}] [TLP:${d.tlp}]${d.status === "withdrawn" ? " [WITHDRAWN]" : d.status === "superseded" ? " [SUPERSEDED]" : ""}`;

const LIMITED_NOTE = "Limited disclosure: sign in to Kakehashi to read it; each reading is recorded.";

/**
 * A company's Atom feed: one entry per advisory delivered to it, updated at its latest publication, withdrawal
 * or supersession (the entry's `updated`, which the feed's order follows: getAdvisoryFeed).
 */
export function toAtom(company: { id: string; nameEn: string }, entries: AdvisoryFeedEntry[], env: NodeJS.ProcessEnv = process.env): string {
  const base = appUrl(env);
  const updatedOf = (d: AdvisoryFeedEntry) => new Date(d.updated);
  const feed = new Feed({
    id: `urn:kakehashi:advisories:${company.id}`,
    title: xmlText(`Kakehashi advisories for ${company.nameEn}`),
    link: `${base}/company/advisories`,
    feedLinks: { atom: `${base}/api/v1/advisories/feed.atom` },
    updated: entries.length ? new Date(Math.max(...entries.map((e) => updatedOf(e).getTime()))) : new Date(0),
    generator: "Kakehashi",
    copyright: "Each advisory's TLP label governs how it may be shared.",
  });
  for (const d of entries) {
    // Under limited disclosure the entry comes without its words (getAdvisoryFeed): it says so, and where to read them.
    const limited = isLimitedDisclosure(d.tlp);
    const text = limited ? LIMITED_NOTE : d.summary;
    feed.addItem({
      id: `urn:uuid:${d.id}`,
      title: escapeHtml(xmlText(limited ? `${label(d)} ${d.reference}` : `${label(d)} ${d.reference}: ${d.title}`)),
      link: d.url,
      date: updatedOf(d),
      published: d.firstPublishedAt ? new Date(d.firstPublishedAt) : undefined,
      description: escapeHtml(xmlText(d.withdrawal ? `${limited ? "Withdrawn." : `Withdrawn: ${d.withdrawal.reason}`}\n\n${text}` : text)),
      author: [{ name: xmlText(d.agency.nameEn) }],
      category: [{ term: d.severity }, { term: `TLP:${d.tlp}` }],
    });
  }
  return feed.atom1();
}
