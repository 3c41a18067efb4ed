import type { TlpLabel } from "@/db/schema";
import type { AdvisoryDocument } from "./document";
import { tlpRuleEn } from "./emails";

// CSAF 2.0 knows only the TLP 1.0 labels: CLEAR is WHITE, and AMBER+STRICT (the recipient organisation
// only) is exported as RED, the nearest 1.0 label that does not widen its audience (1.0's AMBER would let
// clients in too; tools act on the label, not on the note), and a note says so.
const tlp1: Record<TlpLabel, "WHITE" | "GREEN" | "AMBER" | "RED"> = { CLEAR: "WHITE", GREEN: "GREEN", AMBER: "AMBER", "AMBER+STRICT": "RED", RED: "RED" };

const severityText = { info: "Informational", low: "Low", moderate: "Moderate", high: "High", critical: "Critical" } as const;

/** The CSAF namespace of the publisher (CSAF_PUBLISHER_NAMESPACE), a URL that names the portal's operator. */
export function publisherNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env.CSAF_PUBLISHER_NAMESPACE || "https://kakehashi.example";
}

/**
 * The advisory as a CSAF 2.0 `csaf_base` document. Versions are integers: published revisions are
 * 1, 2, …; an unpublished draft is version 0 with status `draft`. A withdrawn advisory stays `final` (CSAF
 * 2.0 has no withdrawn status): the withdrawal is one more version with a note; a superseded one gets a note.
 */
export function toCsaf(doc: AdvisoryDocument, env: NodeJS.ProcessEnv = process.env) {
  const history = doc.draft
    ? [{ date: doc.generatedAt, number: "0", summary: "Draft, not yet approved." }]
    : doc.history.map((h) => ({ date: h.publishedAt, number: String(h.number), summary: h.number === 1 ? "Initial publication." : (h.changeSummary ?? "Revised.") }));
  // The withdrawal is the document's last version.
  if (!doc.draft && doc.withdrawal) history.push({ date: doc.withdrawal.at, number: String(doc.history.length + 1), summary: `Withdrawn: ${doc.withdrawal.reason}` });
  const last = history.at(-1)!;
  const notes: { category: string; title: string; text: string }[] = [
    // Left out when empty: a company's copy of a withdrawn advisory carries no text (CSAF notes may not be empty).
    ...(doc.summary ? [{ category: "summary", title: "Summary", text: doc.summary }] : []),
    ...(doc.body ? [{ category: "description", title: "Advisory", text: doc.body }] : []),
    {
      category: "legal_disclaimer",
      title: "Traffic Light Protocol",
      text:
        `Issued as TLP:${doc.tlp} (TLP 2.0): ${tlpRuleEn[doc.tlp]}` +
        (tlp1[doc.tlp] !== doc.tlp ? ` CSAF 2.0 carries TLP 1.0 labels only, so this document is labelled TLP:${tlp1[doc.tlp]}; the TLP 2.0 label above governs.` : ""),
    },
  ];
  if (doc.withdrawal) notes.push({ category: "general", title: "Withdrawn", text: `Withdrawn on ${doc.withdrawal.at}: ${doc.withdrawal.reason}` });
  if (doc.supersededBy) notes.push({ category: "general", title: "Superseded", text: `Superseded by ${doc.supersededBy.reference}.` });
  if (doc.supersedes) notes.push({ category: "general", title: "Supersedes", text: `This advisory supersedes ${doc.supersedes.reference}.` });
  const references = [
    { category: "self", summary: `${doc.reference} in the Kakehashi portal`, url: doc.url },
    ...(doc.supersedes ? [{ category: "external", summary: `Superseded advisory ${doc.supersedes.reference}`, url: doc.url.replace(doc.id, doc.supersedes.id) }] : []),
    ...(doc.supersededBy ? [{ category: "external", summary: `Superseding advisory ${doc.supersededBy.reference}`, url: doc.url.replace(doc.id, doc.supersededBy.id) }] : []),
  ];
  return {
    document: {
      category: "csaf_base",
      csaf_version: "2.0",
      lang: "en",
      title: doc.title,
      publisher: {
        category: "coordinator",
        name: doc.agency.nameEn,
        namespace: publisherNamespace(env),
        contact_details: "Through the Kakehashi portal.",
      },
      aggregate_severity: { text: severityText[doc.severity] },
      distribution: {
        text: `TLP:${doc.tlp} (TLP 2.0). ${tlpRuleEn[doc.tlp]}`,
        tlp: { label: tlp1[doc.tlp], url: "https://www.first.org/tlp/" },
      },
      notes,
      references,
      tracking: {
        id: doc.reference,
        status: doc.draft ? "draft" : "final",
        version: last.number,
        initial_release_date: doc.firstPublishedAt ?? doc.generatedAt,
        current_release_date: last.date,
        revision_history: history,
        generator: { engine: { name: "Kakehashi" }, date: doc.generatedAt },
      },
    },
  };
}
