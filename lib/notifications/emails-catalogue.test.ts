import { describe, expect, it, vi } from "vitest";
import { tlpLabels } from "@/db/schema";
import { advisoryEmail, type AdvisoryEmailKind } from "@/lib/advisories/emails";
import { disclosureReviewEmail, reviewQueueEmail } from "@/lib/disclosures/review-email";
import type { EmailLanguage } from "./email-language";
import type { OutgoingEmail } from "./outbox";
import { accountLinkEmail } from "./account-link-email";
import { anomalyAlertEmail } from "./anomaly-alert-email";
import { securityChanges, securityNoticeEmail } from "./security-notice-email";
import { tokenExpiryEmail } from "./token-expiry-email";

// Every word of an email comes from the catalogue (STYLE.md): the builders are run on catalogues whose every
// entry is fenced as «J|…» (ja.json) or «E|…» (en.json). Once the fenced text and the things that are not
// words (links, references, the advisory's own title and summary, a withdrawal's reason) are taken out, no
// letter may be left: a word written into a builder would be.

type Tree = string | { [key: string]: Tree };
const { fence } = vi.hoisted(() => {
  const fence = (node: Tree, tag: "J" | "E"): Tree =>
    typeof node === "string" ? `«${tag}|${node}»` : Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fence(v, tag)]));
  return { fence };
});

vi.mock(import("@/lib/i18n/messages/ja.json"), async (original) => ({ default: fence((await original()).default as Tree, "J") as never }));
vi.mock(import("@/lib/i18n/messages/en.json"), async (original) => ({ default: fence((await original()).default as Tree, "E") as never }));

/** What is left of a text once the catalogue's entries (fences may nest: a rule's name inside a line) and the given non-words are gone. */
function unfenced(text: string, nonWords: readonly string[]): string {
  let rest = text;
  for (let before = ""; before !== rest; ) {
    before = rest;
    rest = rest.replace(/«[JE]\|[^«»]*»/g, "");
  }
  for (const n of ["[Kakehashi]", ...nonWords]) rest = rest.split(n).join("");
  return rest;
}

const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: "https://kakehashi.example/" };
const when = new Date("2026-12-08T10:00:00Z");
const person = { email: "person@example.jp", displayName: "Hana Sato" };
const organisation = { en: "Hoshino Magnetics", ja: "星野磁性" };

interface Case {
  name: string;
  /** The mail to a recipient who chose a language, or none (null: both languages). */
  mail: (language: EmailLanguage) => OutgoingEmail;
  /** Text in the mail that is not a word of the portal's: links, references, the advisory's own content. */
  nonWords: string[];
  /** Written in both languages whatever the recipient's choice: an invitation's address is no one's account yet. */
  alwaysBoth?: boolean;
}

const advisoryKinds: AdvisoryEmailKind[] = ["advisory.published", "advisory.revised", "advisory.withdrawn", "advisory.superseded"];
const advisoryCases: Case[] = advisoryKinds.flatMap((kind) =>
  tlpLabels.flatMap((tlp) =>
    [undefined, kind === "advisory.superseded" ? "ESB-2026-0002" : "Named the wrong company"].map((extra) => {
      const facts = { advisoryId: "00000000-0000-4000-8000-000000000001", reference: "ESB-2026-0001", revision: 2, title: "Advisory title", summary: "Advisory summary", severity: "high" as const, tlp, extra };
      return {
        name: `${kind} TLP:${tlp}${extra ? " with extra" : ""}`,
        mail: (language: EmailLanguage) => advisoryEmail(kind, facts, { email: person.email, company: organisation, language }, env),
        nonWords: ["https://kakehashi.example/company/advisories/00000000-0000-4000-8000-000000000001", `ESB-2026-0001 (HIGH, TLP:${tlp})`, facts.title, facts.summary, ...(extra ? [extra] : [])],
      };
    }),
  ),
);

const cases: Case[] = [
  ...advisoryCases,
  ...(["comment", "request_changes", "accept"] as const).map((decision) => ({
    name: `disclosure review ${decision}`,
    mail: (language: EmailLanguage) =>
      disclosureReviewEmail(
        { disclosureId: "00000000-0000-4000-8000-000000000002", period: "2026-H2", version: 3, decision, agency: { en: "Economic Security Bureau", ja: "経済安全保障局" } },
        { email: person.email, company: organisation, language },
        env,
      ),
    nonWords: ["https://kakehashi.example/company/disclosures/00000000-0000-4000-8000-000000000002", "2026-H2"],
  })),
  {
    name: "review queue",
    mail: (language: EmailLanguage) => reviewQueueEmail({ disclosureId: "00000000-0000-4000-8000-000000000003", period: "2026-H2", version: 2 }, { email: person.email, language }, env),
    nonWords: ["https://kakehashi.example/agency/disclosures/00000000-0000-4000-8000-000000000003"],
  },
  ...(["invitation", "password_reset"] as const).map((purpose) => {
    const mail = (language: EmailLanguage) => accountLinkEmail(purpose, { ...person, organisation, language }, { token: "secret-token", expiresAt: when }, env);
    return { name: `account ${purpose}`, mail, nonWords: [mail(null).text.split("\n").find((line) => line.includes("#token="))!], alwaysBoth: purpose === "invitation" };
  }),
  ...securityChanges.map((change) => ({ name: `security ${change}`, mail: (language: EmailLanguage) => securityNoticeEmail(change, { ...person, language }, when, env), nonWords: [] })),
  ...(["company_admin", "company_officer"] as const).map((role) => ({
    name: `token expiry to ${role}`,
    mail: (language: EmailLanguage) => tokenExpiryEmail({ ...person, role, language }, { name: "ERP nightly export", prefix: "kk_ab12", expiresAt: when }, env),
    nonWords: [],
  })),
  ...[{ break_glass: 1 }, { break_glass: 2, denial_burst: 3 }].map((counts) => ({
    name: `anomaly alert of ${Object.keys(counts).length} rules`,
    mail: (language: EmailLanguage) => anomalyAlertEmail({ ...person, language }, counts, { from: "2026-12-07T10:00:00.000Z", to: "2026-12-08T10:00:00.000Z" }, env),
    nonWords: [],
  })),
];

const languages: EmailLanguage[] = [null, "ja", "en"];
const named = (c: Case) => [c.name, c] as const;

describe("emails", () => {
  it.each(cases.map(named))("%s: every word comes from the catalogue, in both languages and in each", (_, { mail, nonWords }) => {
    const letters = (text: string) => unfenced(text, nonWords).match(/\p{L}[\p{L}\p{N}\s'"-]*/gu) ?? [];
    for (const language of languages) {
      expect({ language, subject: letters(mail(language).subject), text: letters(mail(language).text) }).toEqual({ language, subject: [], text: [] });
    }
  });

  it.each(cases.map(named))("%s: to a recipient who chose no language, Japanese from ja.json first, then English from en.json", (_, { mail }) => {
    for (const language of [null, undefined]) {
      const { subject, text } = mail(language);
      expect(subject).toMatch(/^\[Kakehashi\] «J\|[^«»]*» \/ «E\|[^«»]*»/);
      expect(text.indexOf("«J|")).toBeGreaterThanOrEqual(0);
      expect(text.indexOf("«J|")).toBeLessThan(text.indexOf("«E|"));
    }
  });

  it.each(cases.filter((c) => !c.alwaysBoth).map(named))("%s: to a recipient who chose one language, only that one", (_, { mail }) => {
    for (const [language, tag, other] of [["ja", "J", "E"], ["en", "E", "J"]] as const) {
      const { subject, text } = mail(language);
      expect({ language, subject }).toEqual({ language, subject: expect.stringMatching(new RegExp(`^\\[Kakehashi\\] «${tag}\\|[^«»]*»(?!\\s*/)`)) });
      expect({ language, text: text.includes(`«${tag}|`), other: `${subject}${text}`.includes(`«${other}|`) }).toEqual({ language, text: true, other: false });
    }
  });

  // An invitation goes to an address that is no one's account yet: no one chose its language.
  it.each(cases.filter((c) => c.alwaysBoth).map(named))("%s: in both languages whatever language is passed", (_, { mail }) => {
    for (const language of languages) expect(mail(language)).toEqual(mail(null));
  });
});
