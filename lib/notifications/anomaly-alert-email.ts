import { appUrl } from "@/lib/advisories/emails";
import type { AnomalyRule } from "@/lib/schemas/anomaly-query";
import { blocks, eachSaid, emailCatalogues, emailLanguages, emailWords as words, type EmailLanguage } from "./email-language";
import type { OutgoingEmail } from "./outbox";

// An auditor is told that new high-severity anomaly flags were raised (ASVS V8.1.4), in the language they
// chose (else Japanese then English). Mail leaves the portal, so the message names no person, company or event: only how many
// flags of which rule, and the console page that shows them to a signed-in auditor.

export function anomalyAlertEmail(
  to: { email: string; displayName: string; language?: EmailLanguage },
  counts: Partial<Record<AnomalyRule, number>>,
  range: { from: string; to: string },
  env: NodeJS.ProcessEnv = process.env,
): OutgoingEmail {
  const link = `${appUrl(env)}/oversight/anomalies?${new URLSearchParams(range).toString()}`;
  const rules = Object.entries(counts) as [AnomalyRule, number][];
  const total = rules.reduce((sum, [, n]) => sum + n, 0);
  const languages = emailLanguages(to.language);
  const text = blocks(languages, (l) => [
    words[l]("greeting", { name: to.displayName }),
    words[l]("anomalyAlert.raised", { total }),
    ...rules.map(([rule, count]) => words[l]("anomalyAlert.rule", { rule: emailCatalogues[l].anomalies.rules[rule].name, count })),
    words[l]("anomalyAlert.review", { total, link }),
  ]);
  return {
    to: to.email,
    subject: `[Kakehashi] ${eachSaid(languages, (l) => words[l]("anomalyAlert.subject", { total }))}`,
    text: text.join("\n"),
    kind: "audit.anomaly_alert",
    reference: { flags: total },
  };
}
