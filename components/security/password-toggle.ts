"use client";

import { useTranslations } from "next-intl";

/** The toggle words of a password field (`PasswordField`), naming the field they reveal. */
export function usePasswordToggle() {
  const t = useTranslations("passwordField");
  return (field: string) => ({ show: t("show"), hide: t("hide"), showLabel: t("showLabel", { field }), hideLabel: t("hideLabel", { field }) });
}
