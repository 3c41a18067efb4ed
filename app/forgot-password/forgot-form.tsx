"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { waitPhrase } from "@/lib/i18n/wait";
import { useFailureText } from "@/lib/i18n/failure-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { OutcomeNotice } from "@/components/ui/outcome-notice";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { signInSchema } from "@/lib/schemas/sign-in";
import { requestResetAction } from "../_account-links/actions";

const schema = signInSchema.pick({ email: true });

export function ForgotForm() {
  const t = useTranslations();
  const failureText = useFailureText();
  const [pending, startTransition] = useTransition();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<{ email: string }>({ resolver: zodResolver(schema), defaultValues: { email: "" } });
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("email") });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await requestResetAction(values);
      if (result.ok) return setSent(true);
      if (result.retryAfterSeconds) setFailure({ messages: [t("signIn.throttled", { wait: waitPhrase(t, result.retryAfterSeconds) })] });
      else setFailure(refusal(result));
    }),
  );
  if (sent) {
    return (
      // The notice replaces the form, its button with it: the notice takes the focus.
      <OutcomeNotice title={t("accountLinks.resetSentHeading")}>{t("accountLinks.resetSent")}</OutcomeNotice>
    );
  }
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("accountLinks.resetNotSent")} failure={failure} />
      <Field label={t("signIn.email")} type="email" autoComplete="username" error={errors.email?.message ? failureText(errors.email.message) : undefined} {...register("email")} />
      <Button type="submit" disabled={pending}>
        {t("accountLinks.sendReset")}
      </Button>
    </ClientForm>
  );
}
