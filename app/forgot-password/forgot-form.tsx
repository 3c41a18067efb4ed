"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { waitPhrase } from "@/lib/i18n/wait";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { ClientForm } from "@/components/ui/client-form";
import { signInSchema } from "@/lib/schemas/sign-in";
import { requestResetAction } from "../_account-links/actions";

const schema = signInSchema.pick({ email: true });

export function ForgotForm() {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [sent, setSent] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ email: string }>({ resolver: zodResolver(schema), defaultValues: { email: "" } });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      const result = await requestResetAction(values);
      setSent(result.ok);
      if (result.ok) return;
      if (result.retryAfterSeconds) setRefusal(t("signIn.throttled", { wait: waitPhrase(t, result.retryAfterSeconds) }));
      else if (!result.fieldErrors) setRefusal(t(result.message as "errors.generic", { requestId: result.requestId ?? "" }));
    }),
  );
  if (sent) return <Notice kind="success" title={t("accountLinks.resetSentHeading")}>{t("accountLinks.resetSent")}</Notice>;
  return (
    <ClientForm onSubmit={onSubmit}>
      {refusal && (
        <Notice kind="error" title={t("accountLinks.resetNotSent")}>
          {refusal}
        </Notice>
      )}
      <Field label={t("signIn.email")} type="email" autoComplete="username" error={errors.email?.message ? t(errors.email.message as "validation.required") : undefined} {...register("email")} />
      <Button type="submit" disabled={pending}>
        {t("accountLinks.sendReset")}
      </Button>
    </ClientForm>
  );
}
