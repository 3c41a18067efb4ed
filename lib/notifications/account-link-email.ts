import type { AccountLinkPurpose } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
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

const formatExpiry = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function accountLinkEmail(
  purpose: AccountLinkPurpose,
  to: { email: string; displayName: string; organisation: { en: string; ja: string } },
  link: { token: string; expiresAt: Date },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const url = accountLinkUrl(purpose, link.token, env);
  const expires = formatExpiry(link.expiresAt);
  const text =
    purpose === "invitation"
      ? [
          `${to.displayName} 様`,
          `架け橋に ${to.organisation.ja} のアカウントが用意されました。次のリンクを開いてパスワードを設定してください（有効期限 ${expires}、1回限り有効）。`,
          "",
          `${to.displayName},`,
          `An account on Kakehashi has been set up for you at ${to.organisation.en}. Open this link to set your password (it works once, until ${expires}):`,
          "",
          url,
          "",
          "心当たりがない場合は、このメールを破棄してください。 / If you did not expect this, ignore this email.",
        ]
      : [
          `${to.displayName} 様`,
          `架け橋のパスワード再設定を受け付けました。次のリンクから新しいパスワードを設定してください（有効期限 ${expires}、1回限り有効）。`,
          "",
          `${to.displayName},`,
          `A password reset was asked for your Kakehashi account. Open this link to choose a new password (it works once, until ${expires}):`,
          "",
          url,
          "",
          "心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。 / If you did not ask for this, ignore this email: your password stays as it is.",
        ];
  return {
    to: to.email,
    subject: purpose === "invitation" ? "[Kakehashi] 架け橋へのご招待 / Your invitation to Kakehashi" : "[Kakehashi] パスワードの再設定 / Reset your password",
    text: text.join("\n"),
    kind: purpose === "invitation" ? "account.invitation" : "account.password_reset",
    reference: { purpose },
  };
}
