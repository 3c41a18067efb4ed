import type { AccountLinkPurpose } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import { blocks, eachSaid, emailLanguages, emailTime, emailWords as words, type EmailLanguage } from "./email-language";
import type { OutgoingEmail } from "./outbox";

// Invitation and password-reset emails. An invitation is always in Japanese then English: it goes to an
// address that is no one's account yet, whose language is not known (nor chosen) before they sign in. A
// reset goes to an account, in the language its owner chose, if any. The link is the only secret in them;
// the outbox page never shows bodies.

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

export function accountLinkEmail(
  purpose: AccountLinkPurpose,
  to: { email: string; displayName: string; organisation: { en: string; ja: string }; language?: EmailLanguage },
  link: { token: string; expiresAt: Date },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const url = accountLinkUrl(purpose, link.token, env);
  const key = purpose === "invitation" ? "invitation" : "passwordReset";
  const languages = emailLanguages(purpose === "invitation" ? null : to.language);
  const text = [
    ...blocks(languages, (l) => [words[l]("greeting", { name: to.displayName }), words[l](`accountLink.${key}.body`, { organisation: to.organisation[l], expires: emailTime(l, link.expiresAt) })]),
    "",
    url,
    "",
    eachSaid(languages, (l) => words[l](`accountLink.${key}.ignore`)),
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l](`accountLink.${key}.subject`))}`,
    text: text.join("\n"),
    kind: purpose === "invitation" ? "account.invitation" : "account.password_reset",
    reference: { purpose },
  };
}
