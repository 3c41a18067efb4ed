"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { conflictDeclarationSchema, type ConflictDeclarationInput } from "@/lib/schemas/admin";
import { declareConflictAction } from "../admin/users/actions";

/** Declares a conflict of interest: for a named agency user (platform admins), or for oneself (agency staff). */
export function ConflictForm({ userId, companies, today }: { userId?: string; companies: { value: string; label: string }[]; today: string }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<"saved" | "failed" | null>(null);
  const defaultValues: ConflictDeclarationInput = { ...(userId ? { userId } : {}), companyId: companies[0]?.value ?? "", reason: "", validFrom: today, validUntil: "" };
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<ConflictDeclarationInput>({ resolver: zodResolver(conflictDeclarationSchema), defaultValues });
  const shown = shownFields(register, defaultValues);
  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      const result = await declareConflictAction(values);
      if (result.ok) {
        setOutcome("saved");
        reset({ ...values, reason: "" });
        return;
      }
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(path as keyof ConflictDeclarationInput, { message: messages[0]!.includes(" ") ? "validation.organisation" : messages[0] });
      }
      setOutcome("failed");
    }),
  );
  return (
    <ClientForm onSubmit={onSubmit}>
      {outcome === "saved" && <Notice kind="success" title={t("conflicts.saved")}>{t("conflicts.savedText")}</Notice>}
      {outcome === "failed" && <Notice kind="error" title={t("conflicts.failed")}>{t("admin.checkFields")}</Notice>}
      {userId && <input type="hidden" {...register("userId")} />}
      <SelectField label={t("conflicts.company")} options={companies} error={message(errors.companyId?.message)} {...shown.value("companyId")} />
      <TextAreaField label={t("conflicts.reason")} hint={t("conflicts.reasonHint")} error={message(errors.reason?.message)} {...shown.value("reason")} />
      <Field label={t("conflicts.validFrom")} type="date" error={message(errors.validFrom?.message)} {...shown.value("validFrom")} />
      <Field label={t("conflicts.validUntil")} type="date" hint={t("conflicts.validUntilHint")} error={message(errors.validUntil?.message)} {...shown.value("validUntil")} />
      <Button type="submit" disabled={pending}>
        {t("conflicts.declare")}
      </Button>
    </ClientForm>
  );
}
