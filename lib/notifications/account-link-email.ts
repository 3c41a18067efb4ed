import { createTranslator } from "next-intl";
import type { AccountLinkPurpose } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import type { OutgoingEmail } from "./outbox";

// Invitation and password-reset emails, in Japanese then English (the recipient's language is not
// known before they sign in). The link is the only secret in them; the outbox page never shows bodies.

export const ACCOUNT_LINK_PATHS: Record<AccountLinkPurpose, string> = { invitation: "/welcome", password_reset: "/reset-password" };

/**
 * The link's path with its secret in the fragment, which browsers never send to a server: the token
 * reaches this one only in the body of the page's POSTs, never in a request line that a server or proxy
 * logs, nor in a Referer.
 */
export function accountLinkPath(purpose: AccountLinkPurpose, token: string): string {
  return `${ACCOUNT_LINK_PATHS[purpose]}#token=${encodeURIComponent(token)}`;
}

export function accountLinkUrl(purpose: AccountLinkPurpose, token: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${appUrl(env)}${accountLinkPath(purpose, token)}`;
}

// The words come from the catalogue's `emails` namespace: the Japanese part from ja.json, the English from en.json.
const words = {
  ja: createTranslator({ locale: "ja", messages: ja, namespace: "emails" }),
  en: createTranslator({ locale: "en", messages: en, namespace: "emails" }),
};

const formatExpiry = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function accountLinkEmail(
  purpose: AccountLinkPurpose,
  to: { email: string; displayName: string; organisation: { en: string; ja: string } },
  link: { token: string; expiresAt: Date },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const url = accountLinkUrl(purpose, link.token, env);
  const expires = formatExpiry(link.expiresAt);
  const key = purpose === "invitation" ? "invitation" : "passwordReset";
  const text = [
    words.ja("greeting", { name: to.displayName }),
    words.ja(`accountLink.${key}.body`, { organisation: to.organisation.ja, expires }),
    "",
    words.en("greeting", { name: to.displayName }),
    words.en(`accountLink.${key}.body`, { organisation: to.organisation.en, expires }),
    "",
    url,
    "",
    `${words.ja(`accountLink.${key}.ignore`)} / ${words.en(`accountLink.${key}.ignore`)}`,
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] ${words.ja(`accountLink.${key}.subject`)} / ${words.en(`accountLink.${key}.subject`)}`,
    text: text.join("\n"),
    kind: purpose === "invitation" ? "account.invitation" : "account.password_reset",
    reference: { purpose },
  };
}
