import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import type { AnomalyFlag, AnomalySeverity } from "@/lib/schemas/anomaly-query";
import { formatEventTime } from "@/app/(portal)/_filters/search-params";

const severityStyles: Record<AnomalySeverity, string> = {
  high: "border-red-700 bg-red-50 text-red-900",
  medium: "border-amber-700 bg-amber-50 text-amber-900",
  low: "border-slate-500 bg-slate-100 text-slate-900",
};

/** The severity as a word in a bordered badge: the colour only repeats what the text says. */
async function SeverityBadge({ severity }: { severity: AnomalySeverity }) {
  const t = await getTranslations("anomalies.severities");
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${severityStyles[severity]}`} data-severity={severity}>
      {t(severity)}
    </span>
  );
}

/** The flags of one rule, newest first: who, what, when, how many, and the way to their events. */
export async function FlagTable({ id, caption, flags, locale }: { id: string; caption: string; flags: AnomalyFlag[]; locale: string }) {
  const t = await getTranslations("anomalies");
  const subject = (flag: AnomalyFlag) =>
    flag.actorEmail ??
    flag.actorUserId ??
    (flag.attemptedEmail ? t("attemptedEmail", { email: flag.attemptedEmail }) : flag.clientIp ? t("clientIp", { address: flag.clientIp }) : t("anonymous"));
  const time = (iso: string) => <time dateTime={iso}>{formatEventTime(locale, iso)}</time>;
  return (
    <DataTable captionId={id} caption={caption} columns={(["severity", "subject", "action", "window", "count", "events"] as const).map((key) => ({ key, label: t(key) }))}>
      {/* Two single-event flags of one actor, action and target at one instant share a link: the position keeps keys apart. */}
      {flags.map((flag, index) => (
        <Row key={`${index}:${flag.eventsLink}`} className="align-top" data-testid="anomaly-flag">
          <Cell>
            <SeverityBadge severity={flag.severity} />
          </Cell>
          <Cell className="break-all">
            {subject(flag)}
            {flag.attemptedEmail && flag.clientIp && <span className="block text-slate-700">{t("clientIp", { address: flag.clientIp })}</span>}
          </Cell>
          <Cell className="font-mono">{flag.action ?? <span className="font-sans">{t("anyAction")}</span>}</Cell>
          <Cell className="whitespace-nowrap">
            {time(flag.windowStart)}
            {flag.windowEnd !== flag.windowStart && (
              <>
                {" – "}
                <span className="block">{time(flag.windowEnd)}</span>
              </>
            )}
          </Cell>
          <Cell>{flag.count}</Cell>
          <Cell>
            <Link href={flag.eventsLink}>{t("viewEvents")}</Link>
          </Cell>
        </Row>
      ))}
    </DataTable>
  );
}
