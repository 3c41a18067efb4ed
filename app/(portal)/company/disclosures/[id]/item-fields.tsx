"use client";

import { get, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { shownFields } from "@/components/ui/shown-fields";
import { TextAreaField } from "@/components/ui/textarea-field";
import { mitigationStrategies, valueChainStages } from "@/db/schema";
import type { DraftFormValues, ItemFormValues } from "@/lib/disclosures/draft-form";
import { messageKeyOf } from "@/lib/disclosures/draft-form";

export type Option = { value: string; label: string };

interface Props {
  index: number;
  /** The item's values when it was loaded or added: what its fields show before the form's script runs. */
  item: ItemFormValues;
  register: UseFormRegister<DraftFormValues>;
  errors: FieldErrors<DraftFormValues>;
  /** Whether a field's error is shown yet (an untouched empty field waits for a save). */
  showError: (path: string) => boolean;
  products: Option[];
  countries: Option[];
  /** The Remove button's id: the focus goes to it when the item after this one is removed. */
  removeId: string;
  onRemove: () => void;
}

/** The first message found at a path of the error tree (a list's errors sit under its indexes). */
function firstMessage(node: unknown): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const { message } = node as { message?: unknown };
  if (typeof message === "string" && message) return message;
  for (const child of Object.values(node)) {
    const found = child && typeof child === "object" && child !== node ? firstMessage(child) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** One exposure item of the draft, as a fieldset of labelled controls whose errors are tied to them. */
export function ItemFields({ index, item, register, errors, showError, products, countries, removeId, onRemove }: Props) {
  const t = useTranslations();
  const f = (key: string) => t(`disclosures.fields.${key}`);
  const name = <K extends string>(field: K) => `items.${index}.${field}` as const;
  const error = (field: string) => {
    const path = `items.${index}.${field}`;
    const message = firstMessage(get(errors, path));
    if (!message || !showError(path)) return undefined;
    const key = messageKeyOf(message);
    return key ? t(key) : message;
  };
  const shown = shownFields(register, item, `items.${index}`);
  const choose = { value: "", label: t("disclosures.editor.choose") };
  const legendId = `item-${index}-legend`;

  return (
    <fieldset className="mb-6 rounded-lg border border-slate-300 p-4 [contain-intrinsic-size:auto_1100px] [content-visibility:auto]" aria-labelledby={legendId} data-testid="item-fieldset">
      <legend id={legendId} className="px-1 text-base font-semibold text-slate-900">
        {t("disclosures.editor.itemLegend", { number: index + 1 })}
      </legend>
      <div className="grid gap-x-6 md:grid-cols-2">
        <SelectField label={f("productCode")} options={[choose, ...products]} error={error("productCode")} {...shown.value(name("productCode"))} />
        <SelectField
          label={f("stage")}
          options={[choose, ...valueChainStages.map((s) => ({ value: s, label: t(`disclosures.stages.${s}`) }))]}
          error={error("stage")}
          {...shown.value(name("stage"))}
        />
        <SelectField label={f("supplierCountry")} options={[choose, ...countries]} error={error("supplierCountry")} {...shown.value(name("supplierCountry"))} />
        <Field label={f("supplierName")} autoComplete="off" error={error("supplierName")} {...shown.value(name("supplierName"))} />
        <Field label={f("material")} autoComplete="off" error={error("material")} {...shown.value(name("material"))} />
        <Field label={f("hsCode")} hint={f("hsCodeHint")} autoComplete="off" inputMode="decimal" error={error("hsCode")} {...shown.value(name("hsCode"))} />
        <Field label={f("sharePercent")} hint={f("sharePercentHint")} type="number" min={0} max={100} step="any" inputMode="decimal" error={error("sharePercent")} {...shown.value(name("sharePercent"))} />
        <Field label={f("inventoryDays")} type="number" min={0} max={3650} step={1} inputMode="numeric" error={error("inventoryDays")} {...shown.value(name("inventoryDays"))} />
        <Field label={f("leadTimeDays")} type="number" min={0} max={3650} step={1} inputMode="numeric" error={error("leadTimeDays")} {...shown.value(name("leadTimeDays"))} />
        <Field label={f("alternativeSuppliers")} type="number" min={0} max={1000} step={1} inputMode="numeric" error={error("alternativeSuppliers")} {...shown.value(name("alternativeSuppliers"))} />
      </div>
      <div className="mb-4">
        <label className="flex items-center gap-2 font-medium text-slate-900">
          <input type="checkbox" className="h-4 w-4" {...shown.checked(name("singleSource"))} />
          {f("singleSource")}
        </label>
      </div>
      <TextAreaField label={f("riskFactors")} hint={f("riskFactorsHint")} error={error("riskFactors")} {...shown.value(name("riskFactors"))} />
      <fieldset className="mb-4 border-t border-slate-200 pt-3">
        <legend className="font-medium text-slate-900">{f("mitigation")}</legend>
        <p className="mb-2 text-sm text-slate-700">{f("mitigationHint")}</p>
        <div className="grid gap-x-6 md:grid-cols-2">
          <SelectField
            label={f("mitigationStrategy")}
            options={[{ value: "", label: t("disclosures.editor.noStrategy") }, ...mitigationStrategies.map((s) => ({ value: s, label: t(`disclosures.strategies.${s}`) }))]}
            error={error("mitigation.strategy")}
            {...shown.value(name("mitigation.strategy"))}
          />
          <Field label={f("mitigationTargetDate")} type="date" error={error("mitigation.targetDate")} {...shown.value(name("mitigation.targetDate"))} />
        </div>
        <TextAreaField label={f("mitigationPlan")} error={error("mitigation.plan")} {...shown.value(name("mitigation.plan"))} />
      </fieldset>
      <fieldset className="mb-4 border-t border-slate-200 pt-3">
        <legend className="font-medium text-slate-900">{f("confidentiality")}</legend>
        <div className="mb-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" className="h-4 w-4" {...shown.checked(name("confidentiality.claimed"))} />
            {f("confidentialityClaimed")}
          </label>
        </div>
        <TextAreaField label={f("confidentialityReason")} error={error("confidentiality.reason")} {...shown.value(name("confidentiality.reason"))} />
      </fieldset>
      <button id={removeId} type="button" onClick={onRemove} className="rounded border border-red-700 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50">
        {t("disclosures.editor.removeItem", { number: index + 1 })}
      </button>
    </fieldset>
  );
}
