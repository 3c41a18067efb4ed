import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { DisclosureSummary } from "@/lib/schemas/disclosure";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { formatDateTime, localName } from "@/lib/i18n/format";
import { StatusBadge } from "./status-badge";

/** A page of disclosures; agency staff also see the company. */
export function DisclosureTable({ items, basePath, caption, showCompany }: { items: DisclosureSummary[]; basePath: string; caption: string; showCompany: boolean }) {
  const t = useTranslations("disclosures.list");
  const locale = useLocale();
  if (items.length === 0) return <p>{t("none")}</p>;
  return (
    <DataTable
      captionId="disclosures-caption"
      caption={caption}
      columns={[...(showCompany ? (["company"] as const) : []), "period", "status", "version", "updated"].map((key) => ({ key, label: t(key) }))}
    >
      {items.map((d) => {
        const company = localName(locale, d.organisation.name);
        return (
          <Row key={d.id} data-testid="disclosure-row">
            {showCompany && <Cell>{company}</Cell>}
            <Cell>
              <Link
                href={`${basePath}/${d.id}`}
                aria-label={showCompany ? t("openOf", { company, period: d.reportingPeriod }) : t("open", { period: d.reportingPeriod })}
              >
                {d.reportingPeriod}
              </Link>
            </Cell>
            <Cell>
              <StatusBadge status={d.status} />
            </Cell>
            <Cell>{d.latestVersion > 0 ? d.latestVersion : t("noVersion")}</Cell>
            <Cell className="whitespace-nowrap">
              <time dateTime={d.updatedAt}>{formatDateTime(locale, d.updatedAt)}</time>
            </Cell>
          </Row>
        );
      })}
    </DataTable>
  );
}
