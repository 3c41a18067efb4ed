import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { purposeText } from "@/components/audit/access-entry";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatDateTime } from "@/lib/i18n/format";
import { listRecentAuditEvents } from "@/lib/services/list-recent-audit-events";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard.oversight"))("title") };
}

export default async function OversightDashboard() {
  const ctx = await requirePageContext();
  const [events, t, tRoles, locale] = await Promise.all([
    loadForPage(() => listRecentAuditEvents({ ctx, input: { limit: 50 } })),
    getTranslations("dashboard.oversight"),
    getTranslations("roles"),
    getLocale(),
  ]);
  const [tAuditLog, tAnomalies, tAccess, tAccessLog] = await Promise.all([
    getTranslations("auditLog"),
    getTranslations("anomalies"),
    getTranslations("accessReport"),
    getTranslations("accessLog"),
  ]);
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
        <li>
          <Link href="/oversight/access">{tAccess("openReport")}</Link>
        </li>
      </ul>
      <Card title={t("recentHeading")}>
        {events.length === 0 ? (
          <p>{t("noEvents")}</p>
        ) : (
          <DataTable captionId="recent-events-caption" caption={t("recentCaption", { count: events.length })} columns={columns.map((c) => ({ key: c, label: t(c) }))}>
            {events.map((e) => (
              <Row key={e.id} data-testid="audit-row">
                <Cell className="whitespace-nowrap">{formatDateTime(locale, e.occurredAt)}</Cell>
                <Cell>{e.actorEmail ?? t(e.actorRole ? "system" : "anonymous")}</Cell>
                <Cell>{e.actorRole ? tRoles(e.actorRole as "auditor") : ""}</Cell>
                <Cell className="font-mono">{e.action}</Cell>
                <Cell>{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}</Cell>
                <Cell>{tAuditLog(`outcomes.${e.outcome as "allowed"}`)}</Cell>
                <Cell>{purposeText(tAccessLog, e.purpose)}</Cell>
              </Row>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
