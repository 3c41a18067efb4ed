"use client";

import { get, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
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
export function ItemFields({ index, item, register, errors, showError, products, countries, onRemove }: Props) {
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
  // register() gives a field its value only once the form's script runs; these put it in the server's page.
  const value = (field: string) => ({ defaultValue: get(item, field) as string });
  const checked = (field: string) => ({ defaultChecked: get(item, field) === true });
  const choose = { value: "", label: t("disclosures.editor.choose") };
  const legendId = `item-${index}-legend`;

  return (
    <fieldset className="mb-6 rounded-lg border border-slate-300 p-4 [contain-intrinsic-size:auto_1100px] [content-visibility:auto]" aria-labelledby={legendId} data-testid="item-fieldset">
      <legend id={legendId} className="px-1 text-base font-semibold text-slate-900">
        {t("disclosures.editor.itemLegend", { number: index + 1 })}
      </legend>
      <div className="grid gap-x-6 md:grid-cols-2">
        <SelectField label={f("productCode")} options={[choose, ...products]} error={error("productCode")} {...register(name("productCode"))} {...value("productCode")} />
        <SelectField
          label={f("stage")}
          options={[choose, ...valueChainStages.map((s) => ({ value: s, label: t(`disclosures.stages.${s}`) }))]}
          error={error("stage")}
          {...register(name("stage"))} {...value("stage")}
        />
        <SelectField label={f("supplierCountry")} options={[choose, ...countries]} error={error("supplierCountry")} {...register(name("supplierCountry"))} {...value("supplierCountry")} />
        <Field label={f("supplierName")} autoComplete="off" error={error("supplierName")} {...register(name("supplierName"))} {...value("supplierName")} />
        <Field label={f("material")} autoComplete="off" error={error("material")} {...register(name("material"))} {...value("material")} />
        <Field label={f("hsCode")} hint={f("hsCodeHint")} autoComplete="off" inputMode="decimal" error={error("hsCode")} {...register(name("hsCode"))} {...value("hsCode")} />
        <Field label={f("sharePercent")} hint={f("sharePercentHint")} type="number" min={0} max={100} step="any" inputMode="decimal" error={error("sharePercent")} {...register(name("sharePercent"))} {...value("sharePercent")} />
        <Field label={f("inventoryDays")} type="number" min={0} max={3650} step={1} inputMode="numeric" error={error("inventoryDays")} {...register(name("inventoryDays"))} {...value("inventoryDays")} />
        <Field label={f("leadTimeDays")} type="number" min={0} max={3650} step={1} inputMode="numeric" error={error("leadTimeDays")} {...register(name("leadTimeDays"))} {...value("leadTimeDays")} />
        <Field label={f("alternativeSuppliers")} type="number" min={0} max={1000} step={1} inputMode="numeric" error={error("alternativeSuppliers")} {...register(name("alternativeSuppliers"))} {...value("alternativeSuppliers")} />
      </div>
      <div className="mb-4">
        <label className="flex items-center gap-2 font-medium text-slate-900">
          <input type="checkbox" className="h-4 w-4" {...register(name("singleSource"))} {...checked("singleSource")} />
          {f("singleSource")}
        </label>
      </div>
      <TextAreaField label={f("riskFactors")} hint={f("riskFactorsHint")} error={error("riskFactors")} {...register(name("riskFactors"))} {...value("riskFactors")} />
      <fieldset className="mb-4 border-t border-slate-200 pt-3">
        <legend className="font-medium text-slate-900">{f("mitigation")}</legend>
        <p className="mb-2 text-sm text-slate-700">{f("mitigationHint")}</p>
        <div className="grid gap-x-6 md:grid-cols-2">
          <SelectField
            label={f("mitigationStrategy")}
            options={[{ value: "", label: t("disclosures.editor.noStrategy") }, ...mitigationStrategies.map((s) => ({ value: s, label: t(`disclosures.strategies.${s}`) }))]}
            error={error("mitigation.strategy")}
            {...register(name("mitigation.strategy"))} {...value("mitigation.strategy")}
          />
          <Field label={f("mitigationTargetDate")} type="date" error={error("mitigation.targetDate")} {...register(name("mitigation.targetDate"))} {...value("mitigation.targetDate")} />
        </div>
        <TextAreaField label={f("mitigationPlan")} error={error("mitigation.plan")} {...register(name("mitigation.plan"))} {...value("mitigation.plan")} />
      </fieldset>
      <fieldset className="mb-4 border-t border-slate-200 pt-3">
        <legend className="font-medium text-slate-900">{f("confidentiality")}</legend>
        <div className="mb-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" className="h-4 w-4" {...register(name("confidentiality.claimed"))} {...checked("confidentiality.claimed")} />
            {f("confidentialityClaimed")}
          </label>
        </div>
        <TextAreaField label={f("confidentialityReason")} error={error("confidentiality.reason")} {...register(name("confidentiality.reason"))} {...value("confidentiality.reason")} />
      </fieldset>
      <button type="button" onClick={onRemove} className="rounded border border-red-700 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50">
        {t("disclosures.editor.removeItem", { number: index + 1 })}
      </button>
    </fieldset>
  );
}
