import type { ReviewDecision } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import { blocks, eachSaid, emailLanguages, emailWords as words, type EmailLanguage } from "@/lib/notifications/email-language";
import type { OutgoingEmail } from "@/lib/notifications/outbox";

// Notices of the review of a disclosure. A company's officers and admins are told that an agency reviewed
// their disclosure: which decision, on which version, and where to read it; a reviewer, that a disclosure
// reached their queue. The review's comment and the disclosure's content stay in the portal: mail crosses
// servers outside it, and the comment may quote the company's figures.
// Each in the recipient's chosen language, or Japanese then English (lib/notifications/email-language.ts).

export interface DisclosureReviewFacts {
  disclosureId: string;
  period: string;
  version: number;
  decision: ReviewDecision;
  agency: { en: string; ja: string };
}

/** One recipient's notice of a review decision, as plain text. */
export function disclosureReviewEmail(
  facts: DisclosureReviewFacts,
  to: { email: string; company: { en: string; ja: string }; language?: EmailLanguage },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const languages = emailLanguages(to.language);
  const link = `${appUrl(env)}/company/disclosures/${facts.disclosureId}`;
  const say = (lang: "en" | "ja") => {
    const values = { agency: facts.agency[lang], company: to.company[lang], period: facts.period, version: facts.version };
    return [words[lang](`disclosureReview.lead.${facts.decision}`, values), `${words[lang]("disclosureReview.signIn")}:`];
  };
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l](`disclosureReview.subject.${facts.decision}`))}: ${facts.period}`,
    text: [...blocks(languages, say), "", link].join("\n"),
    kind: "disclosure.reviewed",
    reference: { disclosureId: facts.disclosureId, version: facts.version, decision: facts.decision },
  };
}

/**
 * A reviewer's notice that a disclosure reached their review queue: the period, the version and a link. It
 * names no company — the queue does, to whoever signs in.
 */
export function reviewQueueEmail(
  facts: { disclosureId: string; period: string; version: number },
  to: { email: string; language?: EmailLanguage },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const languages = emailLanguages(to.language);
  const link = `${appUrl(env)}/agency/disclosures/${facts.disclosureId}`;
  const values = { period: facts.period, version: facts.version };
  const say = (lang: "en" | "ja") => [words[lang]("reviewQueue.lead", values), `${words[lang]("reviewQueue.signIn")}:`];
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l]("reviewQueue.subject", values))}`,
    text: [...blocks(languages, say), "", link].join("\n"),
    kind: "disclosure.submitted",
    reference: { disclosureId: facts.disclosureId, version: facts.version },
  };
}
