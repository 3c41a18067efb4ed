"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { waitPhrase } from "@/lib/i18n/wait";
import { AuthenticatorSetup } from "@/components/security/authenticator-setup";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { passwordChangeSchema, type PasswordChangeInput } from "@/lib/schemas/password";
import { totpCodeSchema, type TotpCodeInput } from "@/lib/schemas/sign-in";
import { changePasswordAction, confirmEnrolmentAction, regenerateCodesAction, startEnrolmentAction } from "./actions";

export function PasswordForm({ email }: { email: string }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState<number | null>(null);
  const [waitSeconds, setWaitSeconds] = useState<number | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<PasswordChangeInput>({ resolver: zodResolver(passwordChangeSchema), defaultValues: { email, currentPassword: "", password: "", confirmPassword: "" } });
  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setDone(null);
      setWaitSeconds(null);
      const result = await changePasswordAction(values);
      if (result.ok) {
        setDone(result.data.endedSessions);
        reset({ email, currentPassword: "", password: "", confirmPassword: "" });
        return;
      }
      if (result.retryAfterSeconds) setWaitSeconds(result.retryAfterSeconds);
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) setError(path as keyof PasswordChangeInput, { message: messages[0] });
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      {waitSeconds !== null && (
        <Notice kind="error" title={t("account.passwordNotChanged")}>
          {t("signIn.throttled", { wait: waitPhrase(t, waitSeconds) })}
        </Notice>
      )}
      {done !== null && (
        <Notice kind="success" title={t("account.passwordChanged")}>
          {t("account.passwordChangedText", { count: done })}
        </Notice>
      )}
      <input type="hidden" {...register("email")} />
      <Field label={t("account.currentPassword")} type="password" autoComplete="current-password" error={message(errors.currentPassword?.message)} {...register("currentPassword")} />
      <Field label={t("accountLinks.newPassword")} type="password" autoComplete="new-password" hint={t("accountLinks.passwordHint")} error={message(errors.password?.message)} {...register("password")} />
      <Field label={t("accountLinks.confirmPassword")} type="password" autoComplete="new-password" error={message(errors.confirmPassword?.message)} {...register("confirmPassword")} />
      <Button type="submit" disabled={pending}>
        {t("account.changePassword")}
      </Button>
    </form>
  );
}

const setupLabels = (t: ReturnType<typeof useTranslations>) => ({
  scan: t("mfa.scan"),
  qrAlt: t("mfa.qrAlt"),
  manual: t("mfa.manual"),
  recoveryHeading: t("mfa.recoveryHeading"),
  recoveryIntro: t("mfa.recoveryIntro"),
});

/** Sets up an authenticator for a signed-in user: QR code and recovery codes, then the first code confirms it. */
export function EnrolForm() {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string; recoveryCodes: string[] } | null>(null);
  const [done, setDone] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<TotpCodeInput>({ resolver: zodResolver(totpCodeSchema), defaultValues: { code: "" } });
  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);
  if (done) return <Notice kind="success" title={t("account.mfaEnabled")}>{t("account.mfaEnabledText")}</Notice>;
  if (!setup) {
    return (
      <Button type="button" disabled={pending} onClick={() => startTransition(async () => {
        const result = await startEnrolmentAction();
        if (result.ok) setSetup(result.data);
      })}>
        {t("account.setUpMfa")}
      </Button>
    );
  }
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      const result = await confirmEnrolmentAction(values);
      if (result.ok) return setDone(true);
      setError("code", { message: result.fieldErrors?.code?.[0] ?? "validation.codeRefused" });
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <AuthenticatorSetup qrDataUrl={setup.qrDataUrl} secret={setup.secret} recoveryCodes={setup.recoveryCodes} labels={setupLabels(t)} />
      <Field label={t("signIn.code")} hint={t("signIn.codeHintEnrol")} inputMode="numeric" autoComplete="one-time-code" error={message(errors.code?.message)} {...register("code")} />
      <Button type="submit" disabled={pending}>
        {t("account.confirmMfa")}
      </Button>
    </form>
  );
}

export function RegenerateCodes() {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div>
      {codes && (
        <Notice kind="success" title={t("mfa.recoveryHeading")}>
          <p className="mb-2">{t("mfa.recoveryIntro")}</p>
          <ul className="grid max-w-md grid-cols-2 gap-1 font-mono" aria-label={t("mfa.recoveryHeading")}>
            {codes.map((c) => (
              <li key={c} data-testid="recovery-code">{c}</li>
            ))}
          </ul>
        </Notice>
      )}
      <Button type="button" disabled={pending} onClick={() => startTransition(async () => {
        const result = await regenerateCodesAction();
        if (result.ok) setCodes(result.data);
      })}>
        {t("account.regenerateCodes")}
      </Button>
    </div>
  );
}
