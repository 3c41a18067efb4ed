import { createTranslator } from "next-intl";
import { appUrl } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import type { OutgoingEmail } from "./outbox";

// Notices that an account's way of signing in changed (ASVS V2.2.3, V2.5.5): sent after the change, in
// Japanese then English, carrying no secret and no link that does anything but open a page. Whoever did
// not make the change learns of it, and where to go.

export const securityChanges = ["password_changed", "password_reset", "authenticator_enrolled", "authenticator_removed", "authenticator_reset_by_admin", "recovery_codes_replaced"] as const;
export type SecurityChange = (typeof securityChanges)[number];

// The words come from the catalogue's `emails` namespace: the Japanese part from ja.json, the English from en.json.
const words = {
  ja: createTranslator({ locale: "ja", messages: ja, namespace: "emails" }),
  en: createTranslator({ locale: "en", messages: en, namespace: "emails" }),
};

const formatTime = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function securityNoticeEmail(change: SecurityChange, to: { email: string; displayName: string }, at: Date, env: NodeJS.ProcessEnv = process.env): OutgoingEmail {
  const forgot = `${appUrl(env)}/forgot-password`;
  const time = formatTime(at);
  const text = [
    words.ja("greeting", { name: to.displayName }),
    words.ja(`securityNotice.change.${change}`, { time }),
    words.ja("securityNotice.ifNotYou", { link: forgot }),
    "",
    words.en("greeting", { name: to.displayName }),
    words.en(`securityNotice.change.${change}`, { time }),
    words.en("securityNotice.ifNotYou", { link: forgot }),
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] ${words.ja(`securityNotice.subject.${change}`)} / ${words.en(`securityNotice.subject.${change}`)}`,
    text: text.join("\n"),
    kind: "account.security_notice",
    reference: { change },
  };
}
