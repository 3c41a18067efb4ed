"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { waitPhrase } from "@/lib/i18n/wait";
import { useFailureText } from "@/lib/i18n/failure-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
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
  // The notice replaces the form, its button with it: the focus goes to the notice, not to the page's start.
  const sentRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (sent) sentRef.current?.focus();
  }, [sent]);
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
      <div ref={sentRef} tabIndex={-1} className="focus:outline-none">
        <Notice kind="success" title={t("accountLinks.resetSentHeading")}>
          {t("accountLinks.resetSent")}
        </Notice>
      </div>
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
