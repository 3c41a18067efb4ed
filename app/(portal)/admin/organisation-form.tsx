"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { ClientForm } from "@/components/ui/client-form";
import { organisationCreateSchema } from "@/lib/schemas/admin";
import { createOrganisationAction } from "./users/actions";

type Values = z.input<typeof organisationCreateSchema>;

export function OrganisationForm({ types }: { types: { value: string; label: string }[] }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<"saved" | "exists" | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<Values, unknown, z.output<typeof organisationCreateSchema>>({ resolver: zodResolver(organisationCreateSchema), defaultValues: { type: "company", nameEn: "", nameJa: "", corporateNumber: "" } });
  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setOutcome(null);
      const result = await createOrganisationAction(values);
      if (result.ok) {
        setOutcome("saved");
        reset();
        return;
      }
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) setError(path as keyof Values, { message: messages[0] });
      if (result.code === "conflict") setOutcome("exists");
    }),
  );
  return (
    <ClientForm onSubmit={onSubmit}>
      {outcome === "saved" && <Notice kind="success" title={t("admin.saved")}>{t("admin.organisationCreated")}</Notice>}
      {outcome === "exists" && <Notice kind="error" title={t("admin.notSaved")}>{t("admin.organisationExists")}</Notice>}
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
