"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { useFailureText } from "@/lib/i18n/failure-text";
import { organisationCreateSchema } from "@/lib/schemas/admin";
import { createOrganisationAction } from "./users/actions";

export function OrganisationForm({ types }: { types: { value: string; label: string }[] }) {
  const t = useTranslations();
  const failureText = useFailureText();
  // A taken corporate number is the service's conflict (serviceErrors.corporateNumberTaken), said as such.
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: organisationCreateSchema,
    defaultValues: { type: "company", nameEn: "", nameJa: "", corporateNumber: "" },
    fieldFor: shownPaths("type", "nameEn", "nameJa", "corporateNumber"),
    action: createOrganisationAction,
    onDone: (_, { reset }) => reset(),
  });
  const { register } = form;
  const { errors } = form.formState;
  const message = (key?: string) => (key ? failureText(key) : undefined);
  return (
    <ClientForm onSubmit={onSubmit}>
      <SuccessRegion title={t("admin.saved")}>{done && t("admin.organisationCreated")}</SuccessRegion>
      <FailureNotice title={t("admin.notSaved")} failure={failure} />
      <SelectField label={t("admin.organisationType")} options={types} error={message(errors.type?.message)} {...register("type")} />
      <Field label={t("admin.nameEn")} error={message(errors.nameEn?.message)} {...register("nameEn")} />
      <Field label={t("admin.nameJa")} lang="ja" error={message(errors.nameJa?.message)} {...register("nameJa")} />
      <Field label={t("admin.corporateNumber")} hint={t("admin.corporateNumberHint")} inputMode="numeric" error={message(errors.corporateNumber?.message)} {...register("corporateNumber")} />
      <Button type="submit" disabled={pending}>
        {t("admin.createOrganisation")}
      </Button>
    </ClientForm>
  );
}
