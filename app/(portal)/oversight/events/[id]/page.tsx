import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { getAuditEvent } from "@/lib/services/get-audit-event";
import { formatEventTime } from "@/app/(portal)/_filters/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auditLog"))("title") };
}

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requirePageContext();
  const event = await loadForPage(() => getAuditEvent({ ctx, input: { id } }));
  const [t, tLog, tRoles, locale] = await Promise.all([
    getTranslations("auditLog.detail"),
    getTranslations("auditLog"),
    getTranslations("roles"),
    getLocale(),
  ]);
  const none = <span className="text-slate-700">{t("none")}</span>;
  const text = (value: string | number | null) => (value === null || value === "" ? none : value);
  const mono = (value: string | number | null) => (value === null || value === "" ? none : <span className="break-all font-mono">{value}</span>);

  const rows: [string, React.ReactNode][] = [
    [t("id"), mono(event.id)],
    [t("occurredAt"), <time key="t" dateTime={event.occurredAt}>{formatEventTime(locale, event.occurredAt)}</time>],
    [t("occurredAtUtc"), mono(event.occurredAt)],
    [t("actorUserId"), mono(event.actorUserId)],
    [t("actorEmail"), text(event.actorEmail)],
    [t("actorOrgId"), mono(event.actorOrgId)],
    [t("actorRole"), event.actorRole ? `${tRoles(event.actorRole as "auditor")} (${event.actorRole})` : none],
    [t("action"), mono(event.action)],
    [t("targetType"), mono(event.targetType)],
    [t("targetId"), mono(event.targetId)],
    [t("targetOrgId"), mono(event.targetOrgId)],
    [t("outcome"), tLog(`outcomes.${event.outcome}`)],
    [t("purpose"), text(event.purpose)],
    [t("requestId"), mono(event.requestId)],
    [t("clientIp"), mono(event.clientIp)],
    [t("userAgent"), text(event.userAgent)],
  ];
  const chain: [string, React.ReactNode][] =
    event.seq === null
      ? [[t("seq"), t("notChained")]]
      : [
          [t("seq"), mono(event.seq)],
          [t("chainVersion"), mono(event.chainVersion)],
          [t("hash"), mono(event.hash)],
        ];
  const definitions = (entries: [string, React.ReactNode][]) => (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_minmax(0,1fr)]">
      {entries.map(([term, description]) => (
        <div key={term} className="contents">
          <dt className="font-medium">{term}</dt>
          <dd className="mb-2 sm:mb-0">{description}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <>
      <PageHeading title={t("title", { id: event.id })} intro={t("intro")} />
      <Card title={t("eventHeading")}>{definitions(rows)}</Card>
      <Card title={t("detailsHeading")}>
        <ScrollRegion label={t("detailsHeading")} className="rounded bg-slate-100">
          <pre className="p-3 text-sm" data-testid="audit-details">
            {JSON.stringify(event.details, null, 2)}
          </pre>
        </ScrollRegion>
      </Card>
      <Card title={t("chainHeading")}>{definitions(chain)}</Card>
      <ul className="flex flex-wrap gap-6">
        <li>
          <Link href="/oversight/events">{t("back")}</Link>
        </li>
        {event.actorUserId && (
          <li>
            <Link href={`/oversight/events?actor=${event.actorUserId}`}>{t("eventsByActor")}</Link>
          </li>
        )}
        {(event.targetOrgId ?? event.actorOrgId) && (
          <li>
            <Link href={`/oversight/events?organisation=${event.targetOrgId ?? event.actorOrgId}`}>{t("eventsOfOrganisation")}</Link>
          </li>
        )}
      </ul>
    </>
  );
}
