"use client";

import { useRef, useState, type BaseSyntheticEvent } from "react";
import { useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import { useFailureText } from "@/lib/i18n/failure-text";
import { AuthenticatorSetup } from "@/components/security/authenticator-setup";
import { Button, textButtonLooks } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { PasswordField } from "@/components/ui/password-field";
import { SelectField } from "@/components/ui/select-field";
import { NewPasswordFields } from "@/components/security/new-password-fields";
import { usePasswordToggle } from "@/components/security/password-toggle";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm, waitWhenThrottled, type ActionFormOptions } from "@/components/ui/action-form";
import { passwordChangeSchema, reauthenticationSchema, type ReauthenticationInput } from "@/lib/schemas/password";
import { emailLocaleInputSchema, type EmailLocaleInput } from "@/lib/schemas/email-locale";
import { totpCodeSchema } from "@/lib/schemas/sign-in";
import { changePasswordAction, confirmEnrolmentAction, regenerateCodesAction, removeAuthenticatorAction, setEmailLocaleAction, startEnrolmentAction } from "./actions";

/**
 * Changing one's password. `liveTokens` is how many API tokens of the caller still work: if any, the form
 * offers to revoke them too.
 */
export function PasswordForm({ email, displayName, liveTokens }: { email: string; displayName: string; liveTokens: number }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const toggle = usePasswordToggle();
  const blank = { email, currentPassword: "", password: "", confirmPassword: "", revokeApiTokens: false };
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: passwordChangeSchema,
    defaultValues: blank,
    fieldFor: shownPaths("currentPassword", "password", "confirmPassword", "revokeApiTokens"),
    action: changePasswordAction,
    refused: waitWhenThrottled(t),
    onDone: (_, { reset }) => reset(blank),
  });
  const { register, control } = form;
  const { errors } = form.formState;
  const password = useWatch({ control, name: "password" });
  const message = (key?: string) => (key ? failureText(key) : undefined);
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("account.passwordNotChanged")} failure={failure} />
      <SuccessRegion title={t("account.passwordChanged")}>
        {done && (
          <>
            {t("account.passwordChangedText", { count: done.data.endedSessions })}
            {done.data.revokedTokens > 0 && ` ${t("account.tokensRevokedText", { count: done.data.revokedTokens })}`}
          </>
        )}
      </SuccessRegion>
      <input type="hidden" {...register("email")} />
      {/* The account's name beside its password, for password managers, which pass over a type="hidden" input. */}
      <input type="text" hidden readOnly autoComplete="username" value={email} />
      <PasswordField
        label={t("account.currentPassword")}
        autoComplete="current-password"
        error={message(errors.currentPassword?.message)}
        toggle={toggle(t("account.currentPassword"))}
        {...register("currentPassword")}
      />
      <NewPasswordFields
        register={{ password: register("password"), confirmPassword: register("confirmPassword") }}
        errors={{ password: message(errors.password?.message), confirmPassword: message(errors.confirmPassword?.message) }}
        password={password}
        context={[email, displayName]}
      />
      {liveTokens > 0 && (
        <label className="mb-4 flex max-w-md items-start gap-2">
          <input type="checkbox" className="mt-1 h-4 w-4" {...register("revokeApiTokens")} />
          <span>{t("account.revokeTokens", { count: liveTokens })}</span>
        </label>
      )}
      <Button type="submit" disabled={pending}>
        {t("account.changePassword")}
      </Button>
    </ClientForm>
  );
}

// The select says "both languages" with an empty value: the schema's null.
const emailLocaleValue = (value: unknown) => (value === "" ? null : value);

/** The language of the caller's own emails: one of the two, or both (null, the default). */
export function EmailLocaleForm({ initial }: { initial: EmailLocaleInput }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: emailLocaleInputSchema,
    defaultValues: initial,
    fieldFor: shownPaths("emailLocale"),
    action: setEmailLocaleAction,
  });
  const error = form.formState.errors.emailLocale?.message;
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("account.emailLocaleNotSaved")} failure={failure} />
      <SuccessRegion title={t("account.emailLocaleSaved")}>{done && t("account.emailLocaleSavedText", { choice: done.data.emailLocale ?? "both" })}</SuccessRegion>
      <SelectField
        label={t("account.emailLocale")}
        error={error ? failureText(error) : undefined}
        options={[
          { value: "", label: t("account.emailLocaleBoth") },
          { value: "ja", label: t("account.emailLocaleJa") },
          { value: "en", label: t("account.emailLocaleEn") },
        ]}
        {...form.register("emailLocale", { setValueAs: emailLocaleValue })}
        defaultValue={initial.emailLocale ?? ""}
      />
      <Button type="submit" disabled={pending}>
        {t("account.saveEmailLocale")}
      </Button>
    </ClientForm>
  );
}

const setupLabels = (t: ReturnType<typeof useTranslations>) => ({
  scan: t("mfa.scan"),
  qrAlt: t("mfa.qrAlt"),
  manual: t("mfa.manual"),
  recoveryHeading: t("mfa.recoveryHeading"),
  recoveryIntro: t("mfa.recoveryIntro"),
});

/**
 * Sets up an authenticator for a signed-in user: the current password first (an open session alone must
 * not change the second factor), then the QR code and recovery codes, and the first code confirms it.
 * `onEnrolled` says so in the card's status region: the page then shows the enrolled state instead of this form.
 */
export function EnrolForm({ onEnrolled }: { onEnrolled: () => void }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string; recoveryCodes: string[] } | null>(null);
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: totpCodeSchema,
    defaultValues: { code: "" },
    fieldFor: shownPaths("code"),
    action: confirmEnrolmentAction,
    onDone: () => onEnrolled(),
  });
  const error = form.formState.errors.code?.message;
  if (done) return null;
  if (!setup) return <EnrolStart onStarted={setSetup} />;
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("account.mfaNotSetUp")} failure={failure} />
      {/* The password step this replaces took the focus with it: the setup's first sentence takes it. */}
      <AuthenticatorSetup qrDataUrl={setup.qrDataUrl} secret={setup.secret} recoveryCodes={setup.recoveryCodes} labels={setupLabels(t)} focusIntro />
      <Field label={t("signIn.code")} hint={t("signIn.codeHintEnrol")} inputMode="numeric" autoComplete="one-time-code" error={error ? failureText(error) : undefined} {...form.register("code")} />
      <Button type="submit" disabled={pending}>
        {t("account.confirmMfa")}
      </Button>
    </ClientForm>
  );
}

/**
 * What every change to the second factor shares: the current password asked again (an open session alone
 * must not change it), its field error, and a refusal said in the form's notice — a wait when throttled.
 */
function useCurrentPasswordForm<TData>({ action, onDone }: Pick<ActionFormOptions<ReauthenticationInput, ReauthenticationInput, TData>, "action" | "onDone">) {
  const t = useTranslations();
  const toggle = usePasswordToggle();
  const failureText = useFailureText();
  const { form, ...outcome } = useActionForm({
    schema: reauthenticationSchema,
    defaultValues: { currentPassword: "" },
    fieldFor: shownPaths("currentPassword"),
    action,
    onDone,
    refused: waitWhenThrottled(t),
  });
  const error = form.formState.errors.currentPassword?.message;
  const field = (
    <PasswordField
      label={t("account.currentPassword")}
      hint={t("account.secondFactorPasswordHint")}
      autoComplete="current-password"
      error={error ? failureText(error) : undefined}
      toggle={toggle(t("account.currentPassword"))}
      {...form.register("currentPassword")}
    />
  );
  return { ...outcome, field };
}

/** The first step of setting up an authenticator: the current password, then the setup is made. */
function EnrolStart({ onStarted }: { onStarted: (setup: { secret: string; qrDataUrl: string; recoveryCodes: string[] }) => void }) {
  const t = useTranslations();
  const { pending, failure, onSubmit, field } = useCurrentPasswordForm({ action: startEnrolmentAction, onDone: ({ data }) => onStarted(data) });
  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("account.mfaNotSetUp")} failure={failure} />
      {field}
      <Button type="submit" disabled={pending}>
        {t("account.setUpMfa")}
      </Button>
    </ClientForm>
  );
}

/**
 * New recovery codes, or removing the authenticator (where nothing requires one): either asks for the
 * current password first, so that an open session alone cannot change the second factor. `onRemoved` says
 * so in the card's status region: the page then shows the set-up form instead of this one.
 */
export function SecondFactorForm({ canRemove, onRemoved }: { canRemove: boolean; onRemoved: () => void }) {
  const t = useTranslations();
  // Which button sent the form: each sends the current password to its own action.
  const intent = useRef<"codes" | "remove">("codes");
  const { pending, done, failure, onSubmit, field } = useCurrentPasswordForm({
    action: (values) => (intent.current === "codes" ? regenerateCodesAction(values) : removeAuthenticatorAction(values)),
    onDone: (_, { reset }) => {
      reset({ currentPassword: "" });
      if (intent.current === "remove") onRemoved();
    },
  });
  const codes = done?.data;
  const send = (chosen: "codes" | "remove", event: BaseSyntheticEvent) => {
    intent.current = chosen;
    return onSubmit(event);
  };
  return (
    <ClientForm onSubmit={(event) => send("codes", event)}>
      <SuccessRegion title={t("mfa.recoveryHeading")}>
        {codes && (
          <>
            <p className="mb-2">{t("mfa.recoveryIntro")}</p>
            <ul className="grid max-w-md grid-cols-2 gap-1 font-mono" aria-label={t("mfa.recoveryHeading")}>
              {codes.map((c) => (
                <li key={c} data-testid="recovery-code">{c}</li>
              ))}
            </ul>
          </>
        )}
      </SuccessRegion>
      <FailureNotice title={t("account.secondFactorNotChanged")} failure={failure} />
      {field}
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {t("account.regenerateCodes")}
        </Button>
        {canRemove && (
          <button type="button" className={textButtonLooks.danger} disabled={pending} onClick={(event) => send("remove", event)}>
            {t("account.removeMfa")}
          </button>
        )}
      </div>
    </ClientForm>
  );
}
