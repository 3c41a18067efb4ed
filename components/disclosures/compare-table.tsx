import { useLocale, useTranslations } from "next-intl";
import type { StoredExposureItem } from "@/db/schema";
import { changeCounts, compareItems, comparedFields, type ComparedField, type ItemChange } from "@/lib/disclosures/compare-versions";
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
          .filter((f) => changed.includes(f) || fieldText(item, f, t) !== t("none"))
          .map((f) => (
            <div key={f} className="contents">
              <dt className={changed.includes(f) ? "font-semibold" : "text-slate-700"}>{t(`compare.fields.${f}`)}</dt>
              <dd className={changed.includes(f) ? "font-semibold" : undefined}>
                {fieldText(item, f, t)}
                {changed.includes(f) && <span className="ml-1 text-sm font-normal">({t("compare.changedMark")})</span>}
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
      <div className="overflow-x-auto" role="region" aria-labelledby="compare-caption" tabIndex={0}>
        <table className="w-full text-left text-sm">
          <caption id="compare-caption" className="mb-2 text-left font-medium text-slate-900">
            {t("compare.caption", { from: from.number, to: to.number })}
          </caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2 pr-3">{t("compare.change")}</th>
              <th scope="col" className="py-2 pr-3">{t("compare.item")}</th>
              <th scope="col" className="py-2 pr-3">{t("compare.version", { number: from.number })}</th>
              <th scope="col" className="py-2 pr-3">{t("compare.version", { number: to.number })}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change, i) => {
              const before = change.kind === "added" ? undefined : change.from;
              const after = change.kind === "removed" ? undefined : change.to;
              const fields = change.kind === "changed" ? change.fields : [];
              return (
                <tr key={i} className={`border-b border-slate-200 align-top ${rowTone[change.kind]}`} data-testid="compare-row" data-change={change.kind}>
                  <td className="py-2 pl-2 pr-3 font-semibold">
                    {t(`compare.kinds.${change.kind}`)}
                    {fields.length > 0 && (
                      <span className="block font-normal">{t("compare.changedFields", { fields: fields.map((f) => t(`compare.fields.${f}`)).join(", ") })}</span>
                    )}
                  </td>
                  <th scope="row" className="py-2 pr-3 font-medium">
                    {itemTitle((after ?? before)!, t, products, locale)}
                  </th>
                  <td className="py-2 pr-3">{side(before, fields, t("compare.notInVersion", { number: from.number }))}</td>
                  <td className="py-2 pr-3">{side(after, fields, t("compare.notInVersion", { number: to.number }))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
