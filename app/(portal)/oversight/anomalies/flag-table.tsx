import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { AnomalyFlag, AnomalySeverity } from "@/lib/schemas/anomaly-query";
import { formatEventTime } from "../events/search-params";

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
    <div className="overflow-x-auto" role="region" aria-labelledby={id} tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption id={id} className="mb-2 text-left font-medium text-slate-900">
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-slate-300">
            {(["severity", "subject", "action", "window", "count", "events"] as const).map((c) => (
              <th key={c} scope="col" className="py-2 pr-3">
                {t(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flags.map((flag) => (
            <tr key={flag.eventsLink} className="border-b border-slate-200 align-top" data-testid="anomaly-flag">
              <td className="py-2 pr-3">
                <SeverityBadge severity={flag.severity} />
              </td>
              <td className="break-all py-2 pr-3">
                {subject(flag)}
                {flag.attemptedEmail && flag.clientIp && <span className="block text-slate-700">{t("clientIp", { address: flag.clientIp })}</span>}
              </td>
              <td className="py-2 pr-3 font-mono">{flag.action ?? <span className="font-sans">{t("anyAction")}</span>}</td>
              <td className="whitespace-nowrap py-2 pr-3">
                {time(flag.windowStart)}
                {flag.windowEnd !== flag.windowStart && (
                  <>
                    {" – "}
                    <span className="block">{time(flag.windowEnd)}</span>
                  </>
                )}
              </td>
              <td className="py-2 pr-3">{flag.count}</td>
              <td className="py-2 pr-3">
                <Link href={flag.eventsLink}>{t("viewEvents")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
