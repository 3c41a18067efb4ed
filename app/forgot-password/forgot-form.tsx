"use client";

import { useTranslations } from "next-intl";
import { useFailureText } from "@/lib/i18n/failure-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OutcomeNotice } from "@/components/ui/outcome-notice";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm, waitWhenThrottled } from "@/components/ui/action-form";
import { signInSchema } from "@/lib/schemas/sign-in";
import { requestResetAction } from "../_account-links/actions";

const schema = signInSchema.pick({ email: true });

export function ForgotForm() {
  const t = useTranslations();
  const failureText = useFailureText();
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema,
    defaultValues: { email: "" },
    fieldFor: shownPaths("email"),
    action: requestResetAction,
    refused: waitWhenThrottled(t),
  });
  const error = form.formState.errors.email?.message;
  if (done) {
    return (
      // The notice replaces the form, its button with it: the notice takes the focus.
      <OutcomeNotice title={t("accountLinks.resetSentHeading")}>{t("accountLinks.resetSent")}</OutcomeNotice>
    );
  }
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("accountLinks.resetNotSent")} failure={failure} />
      <Field label={t("signIn.email")} type="email" autoComplete="username" error={error ? failureText(error) : undefined} {...form.register("email")} />
      <Button type="submit" disabled={pending}>
        {t("accountLinks.sendReset")}
      </Button>
    </ClientForm>
  );
}
