import { createTranslator } from "next-intl";
import type { Role } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import type { OutgoingEmail } from "./outbox";

// The holder of an API token is told, once, that it will soon expire (ASVS V2.3.3), in Japanese then
// English: a compliance system that uses it is refused from that moment. The message names the token
// (its name and the public prefix shown on the tokens page), never its secret.

// The words come from the catalogue's `emails` namespace: the Japanese part from ja.json, the English from en.json.
const words = {
  ja: createTranslator({ locale: "ja", messages: ja, namespace: "emails" }),
  en: createTranslator({ locale: "en", messages: en, namespace: "emails" }),
};

const formatTime = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function tokenExpiryEmail(
  to: { email: string; displayName: string; role: Role },
  token: { name: string; prefix: string; expiresAt: Date },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const expires = formatTime(token.expiresAt);
  // Company admins make tokens on their tokens page; anyone else was given one by the operator.
  const page = to.role === "company_admin" ? `${appUrl(env)}/company/tokens` : null;
  const facts = { name: token.name, prefix: token.prefix, expires };
  const text = [
    words.ja("greeting", { name: to.displayName }),
    words.ja("tokenExpiry.body", facts),
    page ? words.ja("tokenExpiry.replace", { link: page }) : words.ja("tokenExpiry.askOperator"),
    "",
    words.en("greeting", { name: to.displayName }),
    words.en("tokenExpiry.body", facts),
    page ? words.en("tokenExpiry.replace", { link: page }) : words.en("tokenExpiry.askOperator"),
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] ${words.ja("tokenExpiry.subject", { name: token.name })} / ${words.en("tokenExpiry.subject", { name: token.name })}`,
    text: text.join("\n"),
    kind: "api_token.expiry_reminder",
    reference: { tokenPrefix: token.prefix },
  };
}
