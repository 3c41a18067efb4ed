import { useLocale, useTranslations } from "next-intl";
import type { StoredExposureItem } from "@/db/schema";
import { countryName } from "@/lib/countries";
import type { ProductNames } from "./item-text";

/** Exposure items, read-only: the figures in columns, risk factors, mitigation and confidentiality below each row. */
export function ItemsTable({ items, products, caption, id }: { items: StoredExposureItem[]; products: ProductNames; caption: string; id: string }) {
  const t = useTranslations("disclosures");
  const locale = useLocale();
  if (items.length === 0) return <p>{t("detail.noItems")}</p>;
  const columns = ["number", "product", "stage", "material", "country", "share", "inventory", "leadTime", "alternatives", "singleSource"] as const;
  return (
    <div className="overflow-x-auto" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="w-full text-left text-sm" data-testid="items-table">
        <caption id={`${id}-caption`} className="mb-2 text-left font-medium text-slate-900">
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-slate-300">
            {columns.map((c) => (
              <th key={c} scope="col" className="py-2 pr-3 align-bottom">
                {t(`columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        {items.map((item, i) => {
          const details = [
            item.riskFactors?.length ? `${t("columns.riskFactors")}: ${item.riskFactors.join("; ")}` : null,
            item.mitigation
              ? `${t("columns.mitigation")}: ${t(`strategies.${item.mitigation.strategy}`)} — ${item.mitigation.plan} (${t("columns.targetDate", { date: item.mitigation.targetDate })})`
              : null,
            item.confidentiality?.claimed ? `${t("columns.confidential")}${item.confidentiality.reason ? `: ${item.confidentiality.reason}` : ""}` : null,
          ].filter((d): d is string => d !== null);
          return (
            <tbody key={i} className="border-b border-slate-200" data-testid="item-row">
              <tr>
                <th scope="row" className="py-2 pr-3 font-medium">
                  {i + 1}
                </th>
                <td className="py-2 pr-3">{products[item.productCode] ?? item.productCode}</td>
                <td className="py-2 pr-3">{t(`stages.${item.stage}`)}</td>
                <td className="py-2 pr-3">
                  {item.material ?? ""}
                  {item.hsCode && <span className="block text-slate-700">{t("columns.hs", { code: item.hsCode })}</span>}
                </td>
                <td className="py-2 pr-3">
                  {countryName(item.supplierCountry, locale === "ja" ? "ja" : "en")}
                  {item.supplierName && <span className="block text-slate-700">{item.supplierName}</span>}
                </td>
                <td className="py-2 pr-3 text-right">{item.sharePercent}%</td>
                <td className="py-2 pr-3 text-right">{item.inventoryDays}</td>
                <td className="py-2 pr-3 text-right">{item.leadTimeDays ?? t("none")}</td>
                <td className="py-2 pr-3 text-right">{item.alternativeSuppliers}</td>
                <td className="py-2 pr-3">{item.singleSource ? t("yes") : t("no")}</td>
              </tr>
              {details.length > 0 && (
                <tr>
                  <td />
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
      </table>
    </div>
  );
}
