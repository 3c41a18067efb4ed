"use client";

import { useMemo } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { useFailureText } from "@/lib/i18n/failure-text";
import { conflictDeclarationSchema, ownConflictDeclarationSchema, type ConflictDeclarationInput } from "@/lib/schemas/admin";
import { declareConflictAction } from "../admin/users/actions";

/**
 * Declares a conflict of interest: for a named agency user (platform admins), or for oneself (agency staff),
 * from `today` (the day in Tokyo) or earlier and with no end date, which only a platform admin sets.
 */
export function ConflictForm({ userId, companies, today }: { userId?: string; companies: { value: string; label: string }[]; today: string }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const own = !userId;
  const defaultValues: ConflictDeclarationInput = { ...(own ? {} : { userId, validUntil: "" }), companyId: companies[0]?.value ?? "", reason: "", validFrom: today };
  const schema = useMemo(() => (own ? ownConflictDeclarationSchema(today) : conflictDeclarationSchema), [own, today]);
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema,
    defaultValues,
    // The user the declaration is for is a hidden field, and one's own has no end date: what is wrong with those is said in the notice.
    fieldFor: own ? shownPaths("companyId", "reason", "validFrom") : shownPaths("companyId", "reason", "validFrom", "validUntil"),
    summary: t("errors.checkFields"),
    action: declareConflictAction,
    onDone: ({ values }, { reset }) => reset({ ...values, reason: "" }),
  });
  const { register } = form;
  const { errors } = form.formState;
  const shown = shownFields(register, defaultValues);
  const message = (key?: string) => (key ? failureText(key, undefined, "validation.organisation") : undefined);
  return (
    <ClientForm onSubmit={onSubmit}>
      <SuccessRegion title={t("conflicts.saved")}>{done && t("conflicts.savedText")}</SuccessRegion>
      <FailureNotice title={t("conflicts.failed")} failure={failure} />
      {userId && <input type="hidden" {...register("userId")} />}
      <SelectField label={t("conflicts.company")} options={companies} error={message(errors.companyId?.message)} {...shown.value("companyId")} />
      <TextAreaField label={t("conflicts.reason")} hint={t("conflicts.reasonHint")} error={message(errors.reason?.message)} {...shown.value("reason")} />
      {own ? (
        <Field label={t("conflicts.validFrom")} type="date" max={today} hint={t("conflicts.validFromOwnHint")} error={message(errors.validFrom?.message)} {...shown.value("validFrom")} />
      ) : (
        <>
          <Field label={t("conflicts.validFrom")} type="date" error={message(errors.validFrom?.message)} {...shown.value("validFrom")} />
          <Field label={t("conflicts.validUntil")} type="date" hint={t("conflicts.validUntilHint")} error={message(errors.validUntil?.message)} {...shown.value("validUntil")} />
        </>
      )}
      <Button type="submit" disabled={pending}>
        {t("conflicts.declare")}
      </Button>
    </ClientForm>
  );
}
