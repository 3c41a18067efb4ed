import { appUrl } from "@/lib/advisories/emails";
import type { OutgoingEmail } from "./outbox";

// Notices that an account's way of signing in changed (ASVS V2.2.3, V2.5.5): sent after the change, in
// Japanese then English, carrying no secret and no link that does anything but open a page. Whoever did
// not make the change learns of it, and where to go.

export const securityChanges = ["password_changed", "password_reset", "authenticator_enrolled", "authenticator_removed", "authenticator_reset_by_admin", "recovery_codes_replaced"] as const;
export type SecurityChange = (typeof securityChanges)[number];

const what: Record<SecurityChange, { ja: string; en: string; subjectJa: string; subjectEn: string }> = {
  password_changed: { ja: "アカウントのパスワードが変更されました。", en: "The password of your account was changed.", subjectJa: "パスワードが変更されました", subjectEn: "Your password was changed" },
  password_reset: { ja: "再設定リンクからアカウントのパスワードが設定されました。", en: "The password of your account was set through a reset link.", subjectJa: "パスワードが再設定されました", subjectEn: "Your password was reset" },
  authenticator_enrolled: { ja: "アカウントに認証アプリが登録されました。", en: "An authenticator app was enrolled for your account.", subjectJa: "認証アプリが登録されました", subjectEn: "An authenticator was enrolled" },
  authenticator_removed: { ja: "アカウントから認証アプリが削除されました。", en: "The authenticator app of your account was removed.", subjectJa: "認証アプリが削除されました", subjectEn: "Your authenticator was removed" },
  authenticator_reset_by_admin: {
    ja: "プラットフォーム管理者がアカウントの認証アプリを削除しました。次回のサインインで新しい認証アプリを登録します。",
    en: "A platform administrator removed the authenticator app of your account; your next sign-in enrols a new one.",
    subjectJa: "認証アプリが管理者により削除されました",
    subjectEn: "Your authenticator was reset by an administrator",
  },
  recovery_codes_replaced: { ja: "アカウントのリカバリーコードが新しく発行され、以前のコードは使えなくなりました。", en: "New recovery codes were made for your account; the earlier ones no longer work.", subjectJa: "リカバリーコードが再発行されました", subjectEn: "Your recovery codes were replaced" },
};

const formatTime = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function securityNoticeEmail(change: SecurityChange, to: { email: string; displayName: string }, at: Date, env: NodeJS.ProcessEnv = process.env): OutgoingEmail {
  const forgot = `${appUrl(env)}/forgot-password`;
  const text = [
    `${to.displayName} 様`,
    `${what[change].ja}（${formatTime(at)}）`,
    `心当たりがない場合は、次のページでパスワードを再設定し、所属組織の管理者に連絡してください: ${forgot}`,
    "",
    `${to.displayName},`,
    `${what[change].en} (${formatTime(at)})`,
    `If this was not you, reset your password at ${forgot} and tell your organisation's administrator.`,
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] ${what[change].subjectJa} / ${what[change].subjectEn}`,
    text: text.join("\n"),
    kind: "account.security_notice",
    reference: { change },
  };
}
