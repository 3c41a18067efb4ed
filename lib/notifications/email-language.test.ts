import { describe, expect, it } from "vitest";
import { advisoryEmail } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import { accountLinkEmail } from "./account-link-email";
import { emailLanguages } from "./email-language";
import { securityNoticeEmail } from "./security-notice-email";

// With the real catalogues: a recipient's chosen language is the whole email, and "both" is each language's
// email put together, Japanese first (emails-catalogue.test.ts checks every builder with fenced catalogues).

const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: "https://kakehashi.example/" };
const when = new Date("2026-12-08T10:00:00Z");
const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const person = { email: "hana@example.jp", displayName: "Sato" };
const company = { en: "Hoshino Magnetics", ja: "星野磁性" };
const facts = { advisoryId: "00000000-0000-4000-8000-000000000001", reference: "ESB-2026-0001", revision: 1, title: "Magnet supply", summary: "Stock up.", severity: "high" as const, tlp: "GREEN" as const };

describe("an email's languages", () => {
  it("are the one chosen, or Japanese then English", () => {
    expect(emailLanguages("en")).toEqual(["en"]);
    expect(emailLanguages("ja")).toEqual(["ja"]);
    expect(emailLanguages(null)).toEqual(["ja", "en"]);
    expect(emailLanguages(undefined)).toEqual(["ja", "en"]);
  });

  it("English only: no Japanese word, the catalogue's English words", () => {
    const notice = securityNoticeEmail("password_changed", { ...person, language: "en" }, when, env);
    expect(`${notice.subject}\n${notice.text}`).not.toMatch(japanese);
    expect(notice.subject).toBe(`[Kakehashi] ${en.emails.securityNotice.subject.password_changed}`);
    const advisory = advisoryEmail("advisory.published", facts, { email: person.email, company, language: "en" }, env);
    expect(`${advisory.subject}\n${advisory.text}`).not.toMatch(japanese);
    expect(advisory.text).toContain("Hoshino Magnetics");
    expect(advisory.text).toContain(en.advisories.tlp.GREEN);
  });

  it("Japanese only: the catalogue's Japanese words, none of the English ones", () => {
    const advisory = advisoryEmail("advisory.published", facts, { email: person.email, company, language: "ja" }, env);
    expect(advisory.subject).toBe(`[Kakehashi] ${ja.emails.advisory.subject.published}: ESB-2026-0001 (HIGH, TLP:GREEN)`);
    expect(advisory.text).toContain("星野磁性");
    expect(advisory.text).toContain(ja.advisories.tlp.GREEN);
    expect(advisory.text).not.toContain("Hoshino Magnetics");
    expect(advisory.text).not.toContain(en.advisories.tlp.GREEN);
    expect(advisory.text).not.toContain(en.emails.advisory.signIn);
  });

  it("both: the Japanese email's lines, then the English one's, as before there was a choice", () => {
    const each = (language: "ja" | "en" | null) => securityNoticeEmail("authenticator_removed", { ...person, language }, when, env);
    expect(each(null).text).toBe(`${each("ja").text}\n\n${each("en").text}`);
    expect(each(null).subject).toBe(`${each("ja").subject} / ${each("en").subject.replace("[Kakehashi] ", "")}`);
  });

  it("an invitation is in both languages even for an account that has a language on record", () => {
    const invitation = (language: "ja" | "en" | null) => accountLinkEmail("invitation", { ...person, organisation: company, language }, { token: "t".repeat(43), expiresAt: when }, env);
    expect(invitation("en")).toEqual(invitation(null));
    expect(invitation("en").text).toMatch(japanese);
    const reset = accountLinkEmail("password_reset", { ...person, organisation: company, language: "en" }, { token: "t".repeat(43), expiresAt: when }, env);
    expect(`${reset.subject}\n${reset.text}`).not.toMatch(japanese);
  });
});
