"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { signInSchema, type SignInInput } from "@/lib/schemas/sign-in";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations();
  const [failure, setFailure] = useState<{ message: string; requestId?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    resetField,
    setError,
    formState: { errors },
  } = useForm<SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await signInAction(values, callbackUrl);
      if (result.ok) return;
      resetField("password");
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(path as keyof SignInInput, { message: messages[0] });
      }
      setFailure({ message: result.message, requestId: result.requestId });
    }),
  );

  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={failure ? "sign-in-error" : undefined}>
      {failure && (
        <div id="sign-in-error">
          <Notice kind="error" title={t("signIn.errorHeading")}>
            {t(failure.message as "signIn.invalid", { requestId: failure.requestId ?? "" })}
          </Notice>
        </div>
      )}
      <Field label={t("signIn.email")} type="email" autoComplete="username" error={message(errors.email?.message)} {...register("email")} />
      <Field
        label={t("signIn.password")}
        type="password"
        autoComplete="current-password"
        error={message(errors.password?.message)}
        {...register("password")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("signIn.submitting") : t("signIn.submit")}
      </Button>
    </form>
  );
}
