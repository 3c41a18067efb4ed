import { appUrl } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import type { AnomalyRule } from "@/lib/schemas/anomaly-query";
import type { OutgoingEmail } from "./outbox";

// An auditor is told that new high-severity anomaly flags were raised (ASVS V8.1.4), in Japanese then
// English. Mail leaves the portal, so the message names no person, company or event: only how many
// flags of which rule, and the console page that shows them to a signed-in auditor.

export function anomalyAlertEmail(
  to: { email: string; displayName: string },
  counts: Partial<Record<AnomalyRule, number>>,
  range: { from: string; to: string },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const link = `${appUrl(env)}/oversight/anomalies?${new URLSearchParams(range).toString()}`;
  const rules = Object.entries(counts) as [AnomalyRule, number][];
  const total = rules.reduce((sum, [, n]) => sum + n, 0);
  const text = [
    `${to.displayName} 様`,
    `重要度の高い異常フラグが新たに${total}件あります。`,
    ...rules.map(([rule, n]) => `- ${ja.anomalies.rules[rule].name}: ${n}件`),
    `監査コンソールで確認してください（サインインが必要です）: ${link}`,
    "",
    `${to.displayName},`,
    `${total} new high-severity anomaly ${total === 1 ? "flag was" : "flags were"} raised.`,
    ...rules.map(([rule, n]) => `- ${en.anomalies.rules[rule].name}: ${n}`),
    `Review ${total === 1 ? "it" : "them"} in the oversight console (sign-in required): ${link}`,
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] 新しい異常フラグ ${total}件 / ${total} new anomaly ${total === 1 ? "flag" : "flags"}`,
    text: text.join("\n"),
    kind: "audit.anomaly_alert",
    reference: { flags: total },
  };
}
