import type { Role } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import type { OutgoingEmail } from "./outbox";

// The holder of an API token is told, once, that it will soon expire (ASVS V2.3.3), in Japanese then
// English: a compliance system that uses it is refused from that moment. The message names the token
// (its name and the public prefix shown on the tokens page), never its secret.

const formatTime = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function tokenExpiryEmail(
  to: { email: string; displayName: string; role: Role },
  token: { name: string; prefix: string; expiresAt: Date },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const expires = formatTime(token.expiresAt);
  // Company admins make tokens on their tokens page; anyone else was given one by the operator.
  const page = to.role === "company_admin" ? `${appUrl(env)}/company/tokens` : null;
  const text = [
    `${to.displayName} 様`,
    `架け橋の API トークン「${token.name}」（${token.prefix}…）は ${expires} に有効期限が切れます。以後、このトークンを使うシステムからの要求は拒否されます。`,
    page ? `新しいトークンを作成して置き換え、古いトークンを失効させてください: ${page}` : "引き続き必要な場合は、運用担当者に新しいトークンを依頼してください。",
    "",
    `${to.displayName},`,
    `Your Kakehashi API token "${token.name}" (${token.prefix}…) expires at ${expires}. From then on, systems that use it will be refused.`,
    page ? `Make a new token, put it in the old one's place, then revoke the old one: ${page}` : "If it is still needed, ask the portal's operator for a new one.",
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] API トークンの有効期限が近づいています / Your API token "${token.name}" expires soon`,
    text: text.join("\n"),
    kind: "api_token.expiry_reminder",
    reference: { tokenPrefix: token.prefix },
  };
}
