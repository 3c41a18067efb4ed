import type { Role } from "@/db/schema";
import { appUrl } from "@/lib/advisories/emails";
import { blocks, eachSaid, emailLanguages, emailTime, emailWords as words, type EmailLanguage } from "./email-language";
import type { OutgoingEmail } from "./outbox";

// The holder of an API token is told, once, that it will soon expire (ASVS V2.3.3), in the language they
// chose (else Japanese then English): a compliance system that uses it is refused from that moment. The message names the token
// (its name and the public prefix shown on the tokens page), never its secret.


export function tokenExpiryEmail(
  to: { email: string; displayName: string; role: Role; language?: EmailLanguage },
  token: { name: string; prefix: string; expiresAt: Date },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  // Company admins make tokens on their tokens page; anyone else was given one by the operator.
  const page = to.role === "company_admin" ? `${appUrl(env)}/company/tokens` : null;
  const facts = (l: "ja" | "en") => ({ name: token.name, prefix: token.prefix, expires: emailTime(l, token.expiresAt) });
  const languages = emailLanguages(to.language);
  const text = blocks(languages, (l) => [
    words[l]("greeting", { name: to.displayName }),
    words[l]("tokenExpiry.body", facts(l)),
    page ? words[l]("tokenExpiry.replace", { link: page }) : words[l]("tokenExpiry.askOperator"),
  ]);
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l]("tokenExpiry.subject", { name: token.name }))}`,
    text: text.join("\n"),
    kind: "api_token.expiry_reminder",
    reference: { tokenPrefix: token.prefix },
  };
}
