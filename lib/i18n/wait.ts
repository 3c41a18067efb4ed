import type { useTranslations } from "next-intl";

/** "12 seconds" or "3 minutes" in the reader's language: how long a throttled caller must wait. */
export const waitPhrase = (t: ReturnType<typeof useTranslations>, seconds = 0): string =>
  seconds >= 60 ? t("signIn.waitMinutes", { minutes: Math.ceil(seconds / 60) }) : t("signIn.waitSeconds", { seconds });
