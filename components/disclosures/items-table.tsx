import { useLocale, useTranslations } from "next-intl";
import type { StoredExposureItem } from "@/db/schema";
import { Cell, DataTable, RowHeader } from "@/components/ui/data-table";
import { formatDate, formatList, formatNumber, formatPercent } from "@/lib/i18n/format";
import type { ProductNames } from "./item-text";

/**
 * Exposure items, read-only: the figures in columns, risk factors, mitigation and confidentiality below each
 * row. Product and country names come in the reader's language (`countryNames` of lib/countries on the
 * server): the editor renders this table in the browser, which need not load the country name tables.
 */
export function ItemsTable({ items, products, countries, caption, id }: { items: StoredExposureItem[]; products: ProductNames; countries: Record<string, string>; caption: string; id: string }) {
  const t = useTranslations("disclosures");
  const locale = useLocale();
  if (items.length === 0) return <p>{t("detail.noItems")}</p>;
  const columns = ["number", "product", "stage", "material", "country", "share", "inventory", "leadTime", "alternatives", "singleSource"] as const;
  const whole = (value: number) => formatNumber(locale, value, 0);
  return (
    <DataTable
      captionId={`${id}-caption`}
      caption={caption}
      columns={columns.map((key) => ({ key, label: t(`columns.${key}`) }))}
      headerAlign="bottom"
      data-testid="items-table"
      rowGroups
    >
      {items.map((item, i) => {
        const details = [
          item.riskFactors?.length ? t("columns.riskFactorsLine", { factors: formatList(locale, item.riskFactors) }) : null,
          item.mitigation
            ? t("columns.mitigationLine", {
                strategy: t(`strategies.${item.mitigation.strategy}`),
                plan: item.mitigation.plan,
                date: formatDate(locale, item.mitigation.targetDate),
              })
            : null,
          item.confidentiality?.claimed
            ? item.confidentiality.reason
              ? t("columns.confidentialLine", { reason: item.confidentiality.reason })
              : t("columns.confidential")
            : null,
        ].filter((d): d is string => d !== null);
        return (
          <tbody key={i} className="border-b border-slate-200" data-testid="item-row">
            <tr>
              {/* Heads the item's rows, its details too, so that they are read as the item's. */}
              <RowHeader scope="rowgroup" rowSpan={details.length > 0 ? 2 : undefined}>
                {i + 1}
              </RowHeader>
              <Cell>{products[item.productCode] ?? item.productCode}</Cell>
              <Cell>{t(`stages.${item.stage}`)}</Cell>
              <Cell>
                {item.material ?? ""}
                {item.hsCode && <span className="block text-slate-700">{t("columns.hs", { code: item.hsCode })}</span>}
              </Cell>
              <Cell>
                {countries[item.supplierCountry] ?? item.supplierCountry}
                {item.supplierName && <span className="block text-slate-700">{item.supplierName}</span>}
              </Cell>
              <Cell numeric>{formatPercent(locale, item.sharePercent, 2)}</Cell>
              <Cell numeric>{whole(item.inventoryDays)}</Cell>
              <Cell numeric>{item.leadTimeDays === undefined || item.leadTimeDays === null ? t("none") : whole(item.leadTimeDays)}</Cell>
              <Cell numeric>{whole(item.alternativeSuppliers)}</Cell>
              <Cell>{item.singleSource ? t("yes") : t("no")}</Cell>
            </tr>
            {details.length > 0 && (
              <tr>
                <td colSpan={columns.length - 1} className="pb-2 pr-3 text-slate-800">
                  <ul className="list-inside list-disc">
                    {details.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            )}
          </tbody>
        );
      })}
    </DataTable>
  );
}
