import { useLocale, useTranslations } from "next-intl";
import type { StoredExposureItem } from "@/db/schema";
import { Cell, DataTable, Row, RowHeader } from "@/components/ui/data-table";
import { changeCounts, compareItems, comparedFields, type ComparedField, type ItemChange } from "@/lib/disclosures/compare-versions";
import { formatList } from "@/lib/i18n/format";
import { fieldText, itemTitle, type ProductNames } from "./item-text";

const rowTone: Record<ItemChange["kind"], string> = {
  added: "bg-green-50 border-l-4 border-l-green-700",
  removed: "bg-red-50 border-l-4 border-l-red-700",
  changed: "bg-amber-50 border-l-4 border-l-amber-700",
  unchanged: "",
};

/** Two versions side by side: each row says in words whether it was added, removed or changed, and what changed. */
export function CompareTable({ from, to, products }: { from: { number: number; items: StoredExposureItem[] }; to: { number: number; items: StoredExposureItem[] }; products: ProductNames }) {
  const t = useTranslations("disclosures");
  const locale = useLocale();
  const changes = compareItems(from.items, to.items);
  const counts = changeCounts(changes);

  const side = (item: StoredExposureItem | undefined, changed: ComparedField[], marker: string) => {
    if (!item) return <span className="text-slate-700">{marker}</span>;
    return (
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3">
        {comparedFields
          .filter((f) => changed.includes(f) || fieldText(item, f, t, locale) !== t("none"))
          .map((f) => (
            <div key={f} className="contents">
              <dt className={changed.includes(f) ? "font-semibold" : "text-slate-700"}>{t(`compare.fields.${f}`)}</dt>
              <dd className={changed.includes(f) ? "font-semibold" : undefined}>
                {fieldText(item, f, t, locale)}
                {changed.includes(f) && <span className="ml-1 text-sm font-normal">{t("compare.changedMark")}</span>}
              </dd>
            </div>
          ))}
      </dl>
    );
  };

  return (
    <>
      <p className="mb-3" data-testid="compare-summary">
        {t("compare.summary", counts)}
      </p>
      <DataTable
        captionId="compare-caption"
        caption={t("compare.caption", { from: from.number, to: to.number })}
        columns={[
          { key: "change", label: t("compare.change") },
          { key: "item", label: t("compare.item") },
          { key: "from", label: t("compare.version", { number: from.number }) },
          { key: "to", label: t("compare.version", { number: to.number }) },
        ]}
      >
        {changes.map((change, i) => {
          const before = change.kind === "added" ? undefined : change.from;
          const after = change.kind === "removed" ? undefined : change.to;
          const fields = change.kind === "changed" ? change.fields : [];
          return (
            <Row key={i} className={`align-top ${rowTone[change.kind]}`} data-testid="compare-row" data-change={change.kind}>
              <Cell className="pl-2 font-semibold">
                {t(`compare.kinds.${change.kind}`)}
                {fields.length > 0 && (
                  <span className="block font-normal">{t("compare.changedFields", { fields: formatList(locale, fields.map((f) => t(`compare.fields.${f}`))) })}</span>
                )}
              </Cell>
              <RowHeader>{itemTitle((after ?? before)!, t, products, locale)}</RowHeader>
              <Cell>{side(before, fields, t("compare.notInVersion", { number: from.number }))}</Cell>
              <Cell>{side(after, fields, t("compare.notInVersion", { number: to.number }))}</Cell>
            </Row>
          );
        })}
      </DataTable>
    </>
  );
}
