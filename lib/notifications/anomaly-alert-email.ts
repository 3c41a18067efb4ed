import { createTranslator } from "next-intl";
import { appUrl } from "@/lib/advisories/emails";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import type { AnomalyRule } from "@/lib/schemas/anomaly-query";
import type { OutgoingEmail } from "./outbox";

// An auditor is told that new high-severity anomaly flags were raised (ASVS V8.1.4), in Japanese then
// English. Mail leaves the portal, so the message names no person, company or event: only how many
// flags of which rule, and the console page that shows them to a signed-in auditor.

// The words come from the catalogue's `emails` namespace: the Japanese part from ja.json, the English from en.json.
const words = {
  ja: createTranslator({ locale: "ja", messages: ja, namespace: "emails" }),
  en: createTranslator({ locale: "en", messages: en, namespace: "emails" }),
};

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
    words.ja("greeting", { name: to.displayName }),
    words.ja("anomalyAlert.raised", { total }),
    ...rules.map(([rule, count]) => words.ja("anomalyAlert.rule", { rule: ja.anomalies.rules[rule].name, count })),
    words.ja("anomalyAlert.review", { total, link }),
    "",
    words.en("greeting", { name: to.displayName }),
    words.en("anomalyAlert.raised", { total }),
    ...rules.map(([rule, count]) => words.en("anomalyAlert.rule", { rule: en.anomalies.rules[rule].name, count })),
    words.en("anomalyAlert.review", { total, link }),
  ];
  return {
    to: to.email,
    subject: `[Kakehashi] ${words.ja("anomalyAlert.subject", { total })} / ${words.en("anomalyAlert.subject", { total })}`,
    text: text.join("\n"),
    kind: "audit.anomaly_alert",
    reference: { flags: total },
  };
}
