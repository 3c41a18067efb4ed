"use client";

import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { OutcomeNotice } from "@/components/ui/outcome-notice";
import { NewPasswordFields } from "@/components/security/new-password-fields";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { accountLinkCompletionSchema, type AccountLinkCompletionInput } from "@/lib/schemas/password";
import { completeLinkAction } from "./actions";
import { SignInLink } from "./sign-in-link";
import { useFailureText } from "@/lib/i18n/failure-text";

/** The new-password form of an invitation or reset link; the token travels in a hidden field. */
export function SetPasswordForm({ purpose, token, email, displayName }: { purpose: "invitation" | "password_reset"; token: string; email: string; displayName: string }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState<{ revokedTokens: number } | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    control,
    formState: { errors },
  } = useForm<AccountLinkCompletionInput>({ resolver: zodResolver(accountLinkCompletionSchema), defaultValues: { token, email, password: "", confirmPassword: "" } });
  const password = useWatch({ control, name: "password" });
  // The token and the email are hidden fields: a refused link is said in the notice.
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("password", "confirmPassword") });
  const message = (key?: string) => (key ? failureText(key) : undefined);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await completeLinkAction(purpose, values);
      if (result.ok) {
        setDone(result.data);
        return;
      }
      setFailure(refusal(result));
    }),
  );

  if (done) {
    return (
      // The notice replaces the form, its button with it: the notice takes the focus.
      <OutcomeNotice title={t("accountLinks.doneHeading")}>
        <p>{t(purpose === "invitation" ? "accountLinks.doneInvitation" : "accountLinks.doneReset")}</p>
        {done.revokedTokens > 0 && <p className="mt-2">{t("accountLinks.tokensRevoked", { count: done.revokedTokens })}</p>}
        <SignInLink />
      </OutcomeNotice>
    );
  }
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("accountLinks.failed")} failure={failure} />
      <input type="hidden" {...register("token")} />
      <input type="hidden" {...register("email")} />
      {/* The account's name beside its password, for password managers, which pass over a type="hidden" input. */}
      <input type="text" hidden readOnly autoComplete="username" value={email} />
      <p className="mb-4">{t("accountLinks.forAccount", { email })}</p>
      <NewPasswordFields
        register={{ password: register("password"), confirmPassword: register("confirmPassword") }}
        errors={{ password: message(errors.password?.message), confirmPassword: message(errors.confirmPassword?.message) }}
        password={password}
        context={[email, displayName]}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("accountLinks.saving") : t("accountLinks.save")}
      </Button>
    </ClientForm>
  );
}
