import { useLocale, useTranslations } from "next-intl";
import type { DisclosureSummary } from "@/lib/schemas/disclosure";
import { formatDateTime, localName } from "@/lib/i18n/format";
import { StatusBadge } from "./status-badge";

/** Status, period, company, latest version and last change of a disclosure. */
export function DisclosureFacts({ disclosure, showCompany = false }: { disclosure: DisclosureSummary; showCompany?: boolean }) {
  const t = useTranslations("disclosures");
  const locale = useLocale();
  return (
    <dl className="mb-6 grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
      {showCompany && (
        <>
          <dt className="font-medium">{t("list.company")}</dt>
          <dd>{localName(locale, disclosure.organisation.name)}</dd>
        </>
      )}
      <dt className="font-medium">{t("list.period")}</dt>
      <dd>{disclosure.reportingPeriod}</dd>
      <dt className="font-medium">{t("list.status")}</dt>
      <dd>
        <StatusBadge status={disclosure.status} />
      </dd>
      <dt className="font-medium">{t("list.version")}</dt>
      <dd>{disclosure.latestVersion > 0 ? disclosure.latestVersion : t("list.noVersion")}</dd>
      <dt className="font-medium">{t("list.updated")}</dt>
      <dd>
        <time dateTime={disclosure.updatedAt}>{formatDateTime(locale, disclosure.updatedAt)}</time>
      </dd>
    </dl>
  );
}
