import { createTranslator } from "next-intl";
import type { ReviewDecision } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import type { OutgoingEmail } from "@/lib/notifications/outbox";

// A company's officers and admins are told that an agency reviewed their disclosure: which decision, on which
// version, and where to read it. The review's comment and the disclosure's content stay in the portal: mail
// crosses servers outside it, and the comment may quote the company's figures.

// The words come from the catalogue's `emails` namespace: the Japanese part from ja.json, the English from en.json.
const words = {
  ja: createTranslator({ locale: "ja", messages: ja, namespace: "emails" }),
  en: createTranslator({ locale: "en", messages: en, namespace: "emails" }),
};

export interface DisclosureReviewFacts {
  disclosureId: string;
  period: string;
  version: number;
  decision: ReviewDecision;
  agency: { en: string; ja: string };
}

/** One recipient's notice of a review decision, in Japanese then English, as plain text. */
export function disclosureReviewEmail(facts: DisclosureReviewFacts, to: { email: string; company: { en: string; ja: string } }, env: NodeJS.ProcessEnv = process.env): OutgoingEmail {
  const link = `${appUrl(env)}/company/disclosures/${facts.disclosureId}`;
  const say = (lang: "en" | "ja") => {
    const values = { agency: facts.agency[lang], company: to.company[lang], period: facts.period, version: facts.version };
    return [words[lang](`disclosureReview.lead.${facts.decision}`, values), `${words[lang]("disclosureReview.signIn")}:`];
  };
  return {
    to: to.email,
    subject: `[Kakehashi] ${words.ja(`disclosureReview.subject.${facts.decision}`)} / ${words.en(`disclosureReview.subject.${facts.decision}`)}: ${facts.period}`,
    text: [...say("ja"), "", ...say("en"), "", link].join("\n"),
    kind: "disclosure.reviewed",
    reference: { disclosureId: facts.disclosureId, version: facts.version, decision: facts.decision },
  };
}
