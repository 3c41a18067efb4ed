"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { waitPhrase } from "@/lib/i18n/wait";
import { AuthenticatorSetup } from "@/components/security/authenticator-setup";
import { Button, textButtonLooks } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PasswordField } from "@/components/ui/password-field";
import { usePasswordToggle } from "@/components/security/password-toggle";
import { Notice } from "@/components/ui/notice";
import { ClientForm } from "@/components/ui/client-form";
import { placeFieldErrors } from "@/components/ui/field-errors";
import { signInSchema, type SignInFormValues, type SignInInput } from "@/lib/schemas/sign-in";
import { beginEnrolmentAction, demoCodeAction, signInAction, type EnrolmentData } from "./actions";

type Step = "password" | "code" | "enrol";

interface Failure {
  message: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** Whether the notice takes the focus: it does when no field took it (the refusal is about none). */
  focus?: boolean;
}

export function SignInForm({ callbackUrl, demo }: { callbackUrl?: string; demo: boolean }) {
  const t = useTranslations();
  const toggle = usePasswordToggle();
  const [step, setStep] = useState<Step>("password");
  const [enrolment, setEnrolment] = useState<EnrolmentData | null>(null);
  const [demoCode, setDemoCode] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    resetField,
    setError,
    getValues,
    setFocus,
    formState: { errors },
  } = useForm<SignInFormValues, unknown, SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { email: "", password: "", code: "" } });

  // The code step starts at its field; the set-up step at its instructions, which come before the QR code,
  // the key and the recovery codes that a screen reader would otherwise skip past to the field.
  const enrolIntro = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (step === "code") setFocus("code");
    if (step === "enrol") enrolIntro.current?.focus();
  }, [step, setFocus]);

  // A refused field takes the focus once it shows its error, so that a screen reader reads the two together.
  const [focusOn, setFocusOn] = useState<{ field: keyof SignInFormValues } | null>(null);
  useEffect(() => {
    if (focusOn) setFocus(focusOn.field);
  }, [focusOn, setFocus]);
  const placeErrors = (fieldErrors: Record<string, string[]> | undefined, shown: (keyof SignInFormValues)[] = ["code"]) => {
    const { placed } = placeFieldErrors(fieldErrors, (path) => shown.find((f) => f === path));
    for (const { field, message } of placed) setError(field, { type: "server", message });
    if (placed[0]) setFocusOn({ field: placed[0].field });
    return placed.length > 0;
  };
  const failureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure?.focus) failureRef.current?.focus();
  }, [failure]);

  const startOver = () => {
    setStep("password");
    setEnrolment(null);
    setDemoCode(null);
    setFailure(null);
    resetField("password");
    resetField("code");
  };

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await signInAction(values, callbackUrl);
      if (result.ok) return;
      if (result.code === "mfa_required") {
        setStep("code");
        if (demo) setDemoCode(await demoCodeAction(values.email));
        return;
      }
      if (result.code === "mfa_enrolment_required") {
        const started = await beginEnrolmentAction(values);
        if (started.ok) {
          setEnrolment(started.data);
          setStep("enrol");
          return;
        }
        setFailure({ message: started.message, requestId: started.requestId, retryAfterSeconds: started.retryAfterSeconds, focus: true });
        return;
      }
      if (result.code === "mfa_invalid") {
        resetField("code");
        placeErrors(result.fieldErrors ?? { code: ["signIn.codeInvalid"] });
        if (result.retryAfterSeconds) setFailure({ message: "signIn.throttled", retryAfterSeconds: result.retryAfterSeconds });
        if (demo) setDemoCode(await demoCodeAction(values.email));
        return;
      }
      if (step === "password") resetField("password");
      // At the first step the email and password fields show their errors; the code field exists only later.
      const fieldFocused = placeErrors(result.fieldErrors, step === "password" ? ["email", "password"] : ["code"]);
      if (result.code !== "validation") {
        // A refusal at the second step sends the person back to the start: the password must be given again.
        if (step !== "password") startOver();
        setFailure({ message: result.message, requestId: result.requestId, retryAfterSeconds: result.retryAfterSeconds, focus: !fieldFocused });
      }
    }),
  );

  const message = (key?: string) => (key ? t(key as "validation.required") : undefined);
  const wait = (seconds = 0) => waitPhrase(t, seconds);

  return (
    <ClientForm onSubmit={onSubmit} aria-describedby={failure ? "sign-in-error" : undefined}>
      {failure && (
        <div id="sign-in-error" ref={failureRef} tabIndex={-1} className="focus:outline-none">
          <Notice kind="error" title={t("signIn.errorHeading")}>
            {t(failure.message as "signIn.invalid", { requestId: failure.requestId ?? "", wait: wait(failure.retryAfterSeconds) })}
            {failure.message === "signIn.invalid" && failure.retryAfterSeconds ? ` ${t("signIn.slowDown", { wait: wait(failure.retryAfterSeconds) })}` : null}
          </Notice>
        </div>
      )}
      <div hidden={step !== "password"}>
        <Field label={t("signIn.email")} type="email" autoComplete="username" error={message(errors.email?.message)} {...register("email")} />
        <PasswordField
          label={t("signIn.password")}
          autoComplete="current-password"
          error={message(errors.password?.message)}
          toggle={toggle(t("signIn.password"))}
          {...register("password")}
        />
      </div>
      {step !== "password" && (
        <div className="mb-2">
          <p className="mb-3">{t("signIn.signingInAs", { email: getValues("email") })}</p>
          {step === "enrol" && enrolment && (
            <>
              <p ref={enrolIntro} tabIndex={-1} className="mb-3 font-medium focus:outline-none">
                {t("signIn.enrolIntro")}
              </p>
              <AuthenticatorSetup
                qrDataUrl={enrolment.qrDataUrl}
                secret={enrolment.secret}
                recoveryCodes={enrolment.recoveryCodes}
                labels={{
                  scan: t("mfa.scan"),
                  qrAlt: t("mfa.qrAlt"),
                  manual: t("mfa.manual"),
                  recoveryHeading: t("mfa.recoveryHeading"),
                  recoveryIntro: t("mfa.recoveryIntro"),
                }}
              />
            </>
          )}
          <Field
            label={t("signIn.code")}
            hint={step === "enrol" ? t("signIn.codeHintEnrol") : t("signIn.codeHint")}
            inputMode={step === "enrol" ? "numeric" : "text"}
            autoComplete="one-time-code"
            error={message(errors.code?.message)}
            {...register("code")}
          />
          {demo && demoCode && (
            <p className="mb-4 rounded border border-amber-600 bg-amber-50 px-3 py-2" data-testid="demo-code">
              {t("signIn.demoCode", { code: demoCode })}
            </p>
          )}
        </div>
      )}
      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? t("signIn.submitting") : step === "password" ? t("signIn.submit") : t("signIn.verify")}
        </Button>
        {step !== "password" && (
          <button
            type="button"
            className={textButtonLooks.plain}
            onClick={() => {
              startOver();
              // The button goes with the step: the person is back at the first field.
              setFocusOn({ field: "email" });
            }}
          >
            {t("signIn.startOver")}
          </button>
        )}
      </div>
    </ClientForm>
  );
}
