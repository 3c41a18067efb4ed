"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { accountLinkCompletionSchema, type AccountLinkCompletionInput } from "@/lib/schemas/password";
import { completeLinkAction } from "./actions";
import { useFailureText } from "@/lib/i18n/failure-text";

/** The new-password form of an invitation or reset link; the token travels in a hidden field. */
export function SetPasswordForm({ purpose, token, email }: { purpose: "invitation" | "password_reset"; token: string; email: string }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<AccountLinkCompletionInput>({ resolver: zodResolver(accountLinkCompletionSchema), defaultValues: { token, email, password: "", confirmPassword: "" } });
  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await completeLinkAction(purpose, values);
      if (result.ok) {
        setDone(true);
        return;
      }
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
        if (path === "token") setFailure(failureText(messages[0]));
        else setError(path as keyof AccountLinkCompletionInput, { message: messages[0] });
      }
      if (!result.fieldErrors) setFailure(failureText(result.message, result.params));
    }),
  );

  if (done) {
    return (
      <Notice kind="success" title={t("accountLinks.doneHeading")}>
        <p>{t(purpose === "invitation" ? "accountLinks.doneInvitation" : "accountLinks.doneReset")}</p>
        <p className="mt-2">
          <Link href="/sign-in" className="underline">
            {t("accountLinks.goToSignIn")}
          </Link>
        </p>
      </Notice>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      {failure && (
        <Notice kind="error" title={t("accountLinks.failed")}>
          {failure}
        </Notice>
      )}
      <input type="hidden" {...register("token")} />
      <input type="hidden" {...register("email")} />
      <p className="mb-4">{t("accountLinks.forAccount", { email })}</p>
      <Field
        label={t("accountLinks.newPassword")}
        type="password"
        autoComplete="new-password"
        hint={t("accountLinks.passwordHint")}
        error={message(errors.password?.message)}
        {...register("password")}
      />
      <Field label={t("accountLinks.confirmPassword")} type="password" autoComplete="new-password" error={message(errors.confirmPassword?.message)} {...register("confirmPassword")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("accountLinks.saving") : t("accountLinks.save")}
      </Button>
    </form>
  );
}
