import type { StoredExposureItem } from "@/db/schema";
import { countryName } from "@/lib/countries";
import type { ComparedField } from "@/lib/disclosures/compare-versions";
import { fieldValue } from "@/lib/disclosures/compare-versions";
import { formatDate, formatList, formatNumber, formatPercent } from "@/lib/i18n/format";

type Translate = (key: string, values?: Record<string, string | number>) => string;
export type ProductNames = Record<string, string>;

/** How an item reads in one line: product, stage, supplier country and material. */
export function itemTitle(item: StoredExposureItem, t: Translate, products: ProductNames, locale: string): string {
  const parts = [products[item.productCode] ?? item.productCode, t(`stages.${item.stage}`), countryName(item.supplierCountry, locale === "ja" ? "ja" : "en")];
  if (item.material) parts.push(item.material);
  return parts.join(" · ");
}

/** One compared value as text, in the reader's language (`t` is the `disclosures` namespace). */
export function fieldText(item: StoredExposureItem, field: ComparedField, t: Translate, locale: string): string {
  const value = fieldValue(item, field);
  if (value === null || value === "") return t("none");
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  if (field === "mitigationStrategy") return t(`strategies.${value}`);
  if (field === "riskFactors") return formatList(locale, item.riskFactors ?? []);
  if (field === "mitigationTargetDate") return formatDate(locale, String(value));
  if (field === "sharePercent") return formatPercent(locale, Number(value), 2);
  if (typeof value === "number") return formatNumber(locale, value, 0);
  return String(value);
}
