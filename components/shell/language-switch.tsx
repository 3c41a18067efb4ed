import { getLocale, getTranslations } from "next-intl/server";

/** A plain form, so switching the language works without JavaScript too. */
export async function LanguageSwitch({ action }: { action: (formData: FormData) => Promise<void> }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shell")]);
  const other = locale === "ja" ? "en" : "ja";
  return (
    <form action={action}>
      <input type="hidden" name="locale" value={other} />
      <button
        type="submit"
        className="rounded border border-white/70 px-3 py-1 text-sm text-white hover:bg-white/10"
        data-testid="language-switch"
      >
        <span className="sr-only">{t("language")}: </span>
        <span lang={other}>{t("switchLanguage")}</span>
      </button>
    </form>
  );
}
