"use client";

import { useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { OutcomeNotice } from "@/components/ui/outcome-notice";
import { NewPasswordFields } from "@/components/security/new-password-fields";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { accountLinkCompletionSchema } from "@/lib/schemas/password";
import { completeLinkAction } from "./actions";
import { SignInLink } from "./sign-in-link";
import { useFailureText } from "@/lib/i18n/failure-text";

/** The new-password form of an invitation or reset link; the token travels in a hidden field. */
export function SetPasswordForm({ purpose, token, email, displayName }: { purpose: "invitation" | "password_reset"; token: string; email: string; displayName: string }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: accountLinkCompletionSchema,
    defaultValues: { token, email, password: "", confirmPassword: "" },
    // The token and the email are hidden fields: a refused link is said in the notice.
    fieldFor: shownPaths("password", "confirmPassword"),
    action: (values) => completeLinkAction(purpose, values),
  });
  const { register, control } = form;
  const { errors } = form.formState;
  const password = useWatch({ control, name: "password" });
  const message = (key?: string) => (key ? failureText(key) : undefined);

  if (done) {
    return (
      // The notice replaces the form, its button with it: the notice takes the focus.
      <OutcomeNotice title={t("accountLinks.doneHeading")}>
        <p>{t(purpose === "invitation" ? "accountLinks.doneInvitation" : "accountLinks.doneReset")}</p>
        {done.data.revokedTokens > 0 && <p className="mt-2">{t("accountLinks.tokensRevoked", { count: done.data.revokedTokens })}</p>}
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
