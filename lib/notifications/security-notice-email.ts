import { appUrl } from "@/lib/advisories/emails";
import { blocks, eachSaid, emailLanguages, emailTime, emailWords as words, type EmailLanguage } from "./email-language";
import type { OutgoingEmail } from "./outbox";

// Notices that an account's way of signing in changed (ASVS V2.2.3, V2.5.5): sent after the change, in
// the language the account's owner chose (else Japanese then English), carrying no secret and no link that does anything but open a page. Whoever did
// not make the change learns of it, and where to go.

export const securityChanges = ["password_changed", "password_reset", "authenticator_enrolled", "authenticator_removed", "authenticator_reset_by_admin", "recovery_codes_replaced"] as const;
export type SecurityChange = (typeof securityChanges)[number];


export function securityNoticeEmail(
  change: SecurityChange,
  to: { email: string; displayName: string; language?: EmailLanguage },
  at: Date,
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const forgot = `${appUrl(env)}/forgot-password`;
  const languages = emailLanguages(to.language);
  const text = blocks(languages, (l) => [
    words[l]("greeting", { name: to.displayName }),
    words[l](`securityNotice.change.${change}`, { time: emailTime(l, at) }),
    words[l]("securityNotice.ifNotYou", { link: forgot }),
  ]);
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l](`securityNotice.subject.${change}`))}`,
    text: text.join("\n"),
    kind: "account.security_notice",
    reference: { change },
  };
}
