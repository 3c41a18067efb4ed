"use client";

import { useTranslations } from "next-intl";
import type { UseFormRegisterReturn } from "react-hook-form";
import { PasswordField } from "@/components/ui/password-field";
import { PasswordStrengthMeter } from "./password-strength-meter";
import { usePasswordToggle } from "./password-toggle";

/**
 * A new password and its repetition, with the strength meter under the first: the part that setting a
 * password from a link and changing it on the account page share. `password` is the value typed so far
 * (for the meter); `context` what the account is known by (email, name), which the meter scores down.
 */
export function NewPasswordFields({
  register,
  errors,
  password,
  context,
}: {
  register: { password: UseFormRegisterReturn; confirmPassword: UseFormRegisterReturn };
  /** Already translated. */
  errors: { password?: string; confirmPassword?: string };
  password: string;
  context: string[];
}) {
  const t = useTranslations("accountLinks");
  const toggle = usePasswordToggle();
  return (
    <>
      <PasswordField
        label={t("newPassword")}
        autoComplete="new-password"
        hint={t("passwordHint")}
        error={errors.password}
        toggle={toggle(t("newPassword"))}
        {...register.password}
      >
        <PasswordStrengthMeter password={password} context={context} />
      </PasswordField>
      <PasswordField
        label={t("confirmPassword")}
        autoComplete="new-password"
        error={errors.confirmPassword}
        toggle={toggle(t("confirmPassword"))}
        {...register.confirmPassword}
      />
    </>
  );
}
