import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { DisclosureSummary } from "@/lib/schemas/disclosure";
import { formatDateTime, localName } from "@/lib/i18n/format";
import { StatusBadge } from "./status-badge";

/** A page of disclosures; agency staff also see the company. */
export function DisclosureTable({ items, basePath, caption, showCompany }: { items: DisclosureSummary[]; basePath: string; caption: string; showCompany: boolean }) {
  const t = useTranslations("disclosures.list");
  const locale = useLocale();
  if (items.length === 0) return <p>{t("none")}</p>;
  return (
    <div className="overflow-x-auto" role="region" aria-labelledby="disclosures-caption" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption id="disclosures-caption" className="mb-2 text-left font-medium text-slate-900">
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-slate-300">
            {showCompany && (
              <th scope="col" className="py-2 pr-3">
                {t("company")}
              </th>
            )}
            <th scope="col" className="py-2 pr-3">{t("period")}</th>
            <th scope="col" className="py-2 pr-3">{t("status")}</th>
            <th scope="col" className="py-2 pr-3">{t("version")}</th>
            <th scope="col" className="py-2 pr-3">{t("updated")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const company = localName(locale, d.organisation.name);
            return (
              <tr key={d.id} className="border-b border-slate-200" data-testid="disclosure-row">
                {showCompany && <td className="py-2 pr-3">{company}</td>}
                <td className="py-2 pr-3">
                  <Link
                    href={`${basePath}/${d.id}`}
                    aria-label={showCompany ? t("openOf", { company, period: d.reportingPeriod }) : t("open", { period: d.reportingPeriod })}
                  >
                    {d.reportingPeriod}
                  </Link>
                </td>
                <td className="py-2 pr-3">
                  <StatusBadge status={d.status} />
                </td>
                <td className="py-2 pr-3">{d.latestVersion > 0 ? d.latestVersion : t("noVersion")}</td>
                <td className="whitespace-nowrap py-2 pr-3">
                  <time dateTime={d.updatedAt}>{formatDateTime(locale, d.updatedAt)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
