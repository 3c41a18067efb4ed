import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatDateTime } from "@/lib/i18n/format";
import { listRecentAuditEvents } from "@/lib/services/list-recent-audit-events";

export default async function OversightDashboard() {
  const ctx = await requirePageContext();
  const [events, t, tRoles, locale] = await Promise.all([
    loadForPage(() => listRecentAuditEvents({ ctx, input: { limit: 50 } })),
    getTranslations("dashboard.oversight"),
    getTranslations("roles"),
    getLocale(),
  ]);
  const [tAuditLog, tAnomalies] = await Promise.all([getTranslations("auditLog"), getTranslations("anomalies")]);
  const columns = ["time", "actor", "role", "action", "target", "outcome", "purpose"] as const;
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <ul className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <Link href="/oversight/events">{tAuditLog("openConsole")}</Link>
        </li>
        <li>
          <Link href="/oversight/anomalies">{tAnomalies("openAnomalies")}</Link>
        </li>
      </ul>
      <Card title={t("recentHeading")}>
        {events.length === 0 ? (
          <p>{t("noEvents")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  {columns.map((c) => (
                    <th key={c} scope="col" className="py-2 pr-3">
                      {t(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id} className="border-b border-slate-200" data-testid="audit-row">
                    <td className="whitespace-nowrap py-2 pr-3">{formatDateTime(locale, e.occurredAt)}</td>
                    <td className="py-2 pr-3">{e.actorEmail ?? t(e.actorRole ? "system" : "anonymous")}</td>
                    <td className="py-2 pr-3">{e.actorRole ? tRoles(e.actorRole as "auditor") : ""}</td>
                    <td className="py-2 pr-3 font-mono">{e.action}</td>
                    <td className="py-2 pr-3">{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}</td>
                    <td className="py-2 pr-3">{e.outcome}</td>
                    <td className="py-2 pr-3">{e.purpose}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
