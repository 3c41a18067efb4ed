"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { useFailureText } from "@/lib/i18n/failure-text";
import { organisationCreateSchema } from "@/lib/schemas/admin";
import { createOrganisationAction } from "./users/actions";

type Values = z.input<typeof organisationCreateSchema>;

export function OrganisationForm({ types }: { types: { value: string; label: string }[] }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const [pending, startTransition] = useTransition();
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<Values, unknown, z.output<typeof organisationCreateSchema>>({ resolver: zodResolver(organisationCreateSchema), defaultValues: { type: "company", nameEn: "", nameJa: "", corporateNumber: "" } });
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("type", "nameEn", "nameJa", "corporateNumber") });
  const message = (key?: string) => (key ? failureText(key) : undefined);
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setSaved(false);
      setFailure(null);
      const result = await createOrganisationAction(values);
      if (result.ok) {
        setSaved(true);
        reset();
        return;
      }
      // A taken corporate number is the service's conflict (serviceErrors.corporateNumberTaken), said as such.
      setFailure(refusal(result));
    }),
  );
  return (
    <ClientForm onSubmit={onSubmit}>
      <SuccessRegion title={t("admin.saved")}>{saved && t("admin.organisationCreated")}</SuccessRegion>
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
