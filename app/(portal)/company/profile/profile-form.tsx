"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { companyProfileInputSchema, type CompanyProfileInput } from "@/lib/schemas/profile";
import { saveProfileAction } from "./actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type ProductOption = { code: string; name: string; category: "jp_specified" | "eu_crma" };
type SectorOption = { value: string; label: string };

// The sector's select says "not stated" with an empty value: the schema's null.
const sectorValue = (value: unknown) => (value === "" ? null : value);

export function ProfileForm({ initial, products, sectors }: { initial: CompanyProfileInput; products: ProductOption[]; sectors: SectorOption[] }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: companyProfileInputSchema,
    defaultValues: initial,
    mode: "onTouched",
    // An error on one of the products (`productCodes.1`) is said for the list.
    fieldFor: (path) => (path.startsWith("productCodes") ? "productCodes" : (["contactName", "contactEmail", "contactPhone", "sector"] as const).find((f) => f === path)),
    summary: t("errors.checkFields"),
    action: saveProfileAction,
  });
  const { register } = form;
  const { errors } = form.formState;
  const shown = shownFields(register, initial);

  const message = (key?: string) => (key ? failureText(key) : undefined);

  const groups = [
    { key: "jpSpecified", items: products.filter((p) => p.category === "jp_specified") },
    { key: "euCrma", items: products.filter((p) => p.category === "eu_crma") },
  ] as const;

  return (
    <ClientForm onSubmit={onSubmit}>
      <SuccessRegion>{done && t("profile.saved", { version: done.data.version })}</SuccessRegion>
      <FailureNotice title={t("profile.failed")} failure={failure} />
      <Field label={t("profile.contactName")} autoComplete="name" error={message(errors.contactName?.message)} {...shown.value("contactName")} />
      <Field
        label={t("profile.contactEmail")}
        type="email"
        autoComplete="email"
        error={message(errors.contactEmail?.message)}
        {...shown.value("contactEmail")}
      />
      <Field label={t("profile.contactPhone")} type="tel" autoComplete="tel" error={message(errors.contactPhone?.message)} {...shown.value("contactPhone")} />
      <SelectField
        label={t("profile.sector")}
        hint={t("profile.sectorHint")}
        error={message(errors.sector?.message)}
        options={[{ value: "", label: t("profile.sectorNone") }, ...sectors]}
        {...register("sector", { setValueAs: sectorValue })}
        defaultValue={initial.sector ?? ""}
      />
      <fieldset className="mb-6" aria-describedby="products-hint">
        <legend className="mb-1 font-medium">{t("profile.products")}</legend>
        <p id="products-hint" className="mb-3 text-sm text-slate-700">
          {t("profile.productsHint")}
        </p>
        {groups.map((group) => (
          <fieldset key={group.key} className="mb-4">
            <legend className="mb-2 text-sm font-semibold text-slate-800">{t(`profile.${group.key}`)}</legend>
            <div className="grid gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
              {group.items.map((p) => (
                <label key={p.code} className="flex items-center gap-2">
                  <input type="checkbox" {...shown.choice("productCodes", p.code)} className="h-4 w-4" />
                  {p.name}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        {errors.productCodes && (
          <p className="text-sm font-medium text-red-800" role="alert" aria-label={t("profile.products")}>
            {message(errors.productCodes.message ?? errors.productCodes.root?.message)}
          </p>
        )}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? t("profile.saving") : t("profile.save")}
      </Button>
    </ClientForm>
  );
}
