import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Skip link, main landmark and footer around every page. */
export async function PageFrame({ header, children }: { header: React.ReactNode; children: React.ReactNode }) {
  const t = await getTranslations("shell");
  return (
    <>
      <a
        href="#main"
        className="sr-only bg-white px-4 py-2 text-brand-800 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
      >
        {t("skipToContent")}
      </a>
      {header}
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
      <footer className="mx-auto max-w-6xl border-t border-slate-300 px-4 py-6 text-sm text-slate-700">
        {t("footer")} · <Link href="/privacy">{t("privacyLink")}</Link>
      </footer>
    </>
  );
}
