import type { AdvisorySeverity, TlpLabel } from "@/db/schema";
import { appUrlFrom } from "@/lib/config/app-url";
import { eachSaid, emailCatalogues, emailLanguages, emailWords as words, inOrder, type EmailLanguage } from "@/lib/notifications/email-language";
import type { OutgoingEmail } from "@/lib/notifications/outbox";
import { isLimitedDisclosure } from "./tlp";

export type AdvisoryEmailKind = "advisory.published" | "advisory.revised" | "advisory.withdrawn" | "advisory.superseded";

export interface AdvisoryEmailFacts {
  advisoryId: string;
  reference: string;
  revision: number;
  /** The advisory's words, for a notice of its publication, revision or supersession; a withdrawal's notice carries none. */
  title?: string;
  summary?: string;
  severity: AdvisorySeverity;
  tlp: TlpLabel;
  /** For withdrawals: the reason; for supersessions: the new advisory's reference, when the recipient may read it. */
  extra?: string;
}

/** The portal's public address, for links in emails (APP_URL, checked at start: lib/config/app-url.ts). */
export function appUrl(env: NodeJS.ProcessEnv = process.env): string {
  return appUrlFrom(env);
}

// Only TLP:CLEAR and TLP:GREEN content travels by email: mail crosses servers outside the portal, so for
// limited disclosure (AMBER, AMBER+STRICT and RED) the message says only that there is something to read, and where.
const mayCarryContent = (tlp: TlpLabel) => !isLimitedDisclosure(tlp);

const events = { "advisory.published": "published", "advisory.revised": "revised", "advisory.withdrawn": "withdrawn", "advisory.superseded": "superseded" } as const;

/**
 * One recipient's notification, as plain text: in the language they chose (`to.language`), else in Japanese
 * and English.
 */
export function advisoryEmail(
  kind: AdvisoryEmailKind,
  facts: AdvisoryEmailFacts,
  to: { email: string; company: { en: string; ja: string }; language?: EmailLanguage },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const languages = emailLanguages(to.language);
  // The lines that say both languages on one line put English first.
  const englishFirst = inOrder(languages, ["en", "ja"]);
  const link = `${appUrl(env)}/company/advisories/${facts.advisoryId}`;
  const label = `${facts.severity.toUpperCase()}, TLP:${facts.tlp}`;
  const event = events[kind];
  // A replacement the recipient was not sent (it targets others) is said to exist, not named.
  const leadKey = kind === "advisory.superseded" && !facts.extra ? "supersededUnnamed" : event;
  const lead = (lang: keyof typeof words) => words[lang](`advisory.lead.${leadKey}`, { company: to.company[lang], revision: facts.revision, replacement: facts.extra ?? "" });
  // Withdrawal is the remedy for what was sent wrongly, and a withdrawn advisory's text is no longer served to
  // companies: its notice must not send that text again, whatever its label.
  const content = kind !== "advisory.withdrawn" && mayCarryContent(facts.tlp) && facts.title !== undefined ? [facts.title, "", facts.summary ?? "", ""] : [];
  const reason = kind === "advisory.withdrawn" && facts.extra && mayCarryContent(facts.tlp) ? [`${eachSaid(englishFirst, (l) => words[l]("advisory.reason"))}: ${facts.extra}`, ""] : [];
  // A withdrawn advisory takes no acknowledgement (the portal refuses one): its notice asks for none.
  const signIn = kind === "advisory.withdrawn" ? "advisory.signInWithdrawn" : "advisory.signIn";
  const text = [
    ...languages.map(lead),
    "",
    `${facts.reference} (${label})`,
    ...content,
    ...reason,
    `${eachSaid(englishFirst, (l) => words[l](signIn))}:`,
    link,
    "",
    ...languages.map((l) => emailCatalogues[l].advisories.tlp[facts.tlp]),
  ].join("\n");
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l](`advisory.subject.${event}`))}: ${facts.reference} (${label})`,
    text,
    kind,
    reference: { advisoryId: facts.advisoryId, revision: facts.revision },
  };
}

/** The sharing rule of each TLP 2.0 label, in English, for the CSAF and CAP documents (the UI and the emails take both languages from the catalogue). */
export const tlpRuleEn: Record<TlpLabel, string> = {
  CLEAR: "Disclosure is not limited.",
  GREEN: "Limited disclosure: recipients may share it within their community, not publicly.",
  AMBER: "Limited disclosure: recipients may share it only within their organisation and its clients, on a need-to-know basis.",
  "AMBER+STRICT": "Limited disclosure: recipients may share it only within their own organisation, on a need-to-know basis.",
  RED: "For the eyes and ears of individual recipients only, no further disclosure.",
};
