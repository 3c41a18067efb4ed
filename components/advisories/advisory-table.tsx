import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { formatDateTime } from "@/lib/i18n/format";
import type { AdvisorySummary } from "@/lib/schemas/advisory";
import { AdvisoryStatusBadge, Marker, SeverityBadge } from "./badges";

/**
 * Advisories as a table: the agency's view (status, working revision, progress) or a company's inbox
 * (its delivery: unread, revised, acknowledged).
 */
export function AdvisoryTable({ items, basePath, caption, view }: { items: AdvisorySummary[]; basePath: string; caption: string; view: "agency" | "company" }) {
  const t = useTranslations("advisories");
  const locale = useLocale();
  if (items.length === 0) return <p>{view === "agency" ? t("agency.empty") : t("inbox.empty")}</p>;
  return (
    <ScrollRegion label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-3">{t("columns.title")}</th>
            <th scope="col" className="py-2 pr-3">{t("columns.severity")}</th>
            <th scope="col" className="py-2 pr-3">{t("columns.tlp")}</th>
            <th scope="col" className="py-2 pr-3">{t("columns.status")}</th>
            <th scope="col" className="py-2 pr-3">{view === "agency" ? t("columns.progress") : t("columns.delivery")}</th>
            <th scope="col" className="py-2">{view === "agency" ? t("columns.updated") : t("columns.published")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => {
            const d = a.delivery;
            return (
              <tr key={a.id} className={`border-b border-slate-200 ${d?.unread ? "font-semibold" : ""}`} data-testid="advisory-row">
                <td className="py-2 pr-3">
                  {/* Opening a company's advisory is its read receipt: never prefetched. */}
                  <Link href={`${basePath}/${a.id}`} prefetch={view === "agency" ? undefined : false}>
                    {a.title}
                  </Link>
                  <span className="block text-xs font-normal text-slate-700">{a.reference}</span>
                </td>
                <td className="py-2 pr-3">
                  <SeverityBadge severity={a.severity} />
                </td>
                <td className="py-2 pr-3 font-mono">TLP:{a.tlp}</td>
                <td className="py-2 pr-3">
                  <AdvisoryStatusBadge status={a.status} />
                  {a.workingState && (
                    <span className="block text-xs font-normal text-slate-700">{t("agency.working", { number: a.revision, state: t(`revisionStates.${a.workingState}`) })}</span>
                  )}
                </td>
                <td className="py-2 pr-3 font-normal">
                  {view === "agency" && a.progress && t("agency.progressValue", a.progress)}
                  {view === "company" &&
                    (d ? (
                      <>
                        {d.unread && <Marker>{t("inbox.unreadBadge")}</Marker>}
                        {d.revisedAt && <Marker tone="muted">{t("inbox.revisedBadge")}</Marker>}
                        {d.acknowledgedRevision === d.revision ? (
                          <Marker tone="muted">{t("inbox.acknowledgedBadge")}</Marker>
                        ) : (
                          a.status !== "withdrawn" && <Marker tone="muted">{t("inbox.awaitingAck")}</Marker>
                        )}
                      </>
                    ) : (
                      <Marker tone="muted">{t("inbox.publicBadge")}</Marker>
                    ))}
                </td>
                <td className="py-2 font-normal">{formatDateTime(locale, view === "agency" ? a.updatedAt : a.lastPublishedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
