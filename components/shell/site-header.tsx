import { getTranslations } from "next-intl/server";
import type { NavItem } from "@/lib/navigation";
import { HeaderBar } from "./frame";
import { LanguageSwitch } from "./language-switch";
import { MainNav } from "./main-nav";

interface Props {
  user?: { displayName: string; roleLabel: string; organisation: string };
  nav: NavItem[];
  setLanguage: (formData: FormData) => Promise<void>;
  signOut?: () => Promise<void>;
}

/**
 * The header links are not prefetched: every portal page is rendered per request for its viewer, so a
 * prefetch brings nothing to keep, yet each visible link cost two requests (through the proxy and the
 * session check) and their decoding on the main thread straight after every page load.
 */
export async function SiteHeader({ user, nav, setLanguage, signOut }: Props) {
  const t = await getTranslations();
  return (
    <header className="bg-brand-800 text-white">
      <HeaderBar appName={t("app.name")}>
        <div className="flex flex-wrap items-center gap-4">
          {user && (
            <p className="text-sm" data-testid="signed-in-as">
              {t("shell.signedInAs", { name: user.displayName })} · {user.roleLabel} · {user.organisation}
            </p>
          )}
          <LanguageSwitch action={setLanguage} />
          {signOut && (
            <form action={signOut}>
              <button type="submit" className="rounded bg-white px-3 py-1 text-sm font-medium text-brand-800 hover:bg-brand-50">
                {t("shell.signOut")}
              </button>
            </form>
          )}
        </div>
      </HeaderBar>
      {nav.length > 0 && <MainNav label={t("shell.mainNavigation")} items={nav.map((item) => ({ href: item.href, label: t(`nav.${item.labelKey}`) }))} />}
    </header>
  );
}
