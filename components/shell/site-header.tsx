import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { NavItem } from "@/lib/navigation";
import { LanguageSwitch } from "./language-switch";

interface Props {
  user?: { displayName: string; roleLabel: string; organisation: string };
  nav: NavItem[];
  currentPath?: string;
  setLanguage: (formData: FormData) => Promise<void>;
  signOut?: () => Promise<void>;
}

/**
 * The header links are not prefetched: every portal page is rendered per request for its viewer, so a
 * prefetch brings nothing to keep, yet each visible link cost two requests (through the proxy and the
 * session check) and their decoding on the main thread straight after every page load.
 */
export async function SiteHeader({ user, nav, currentPath, setLanguage, signOut }: Props) {
  const t = await getTranslations();
  return (
    <header className="bg-brand-800 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <p className="text-lg font-semibold">
          <Link href="/" prefetch={false} className="text-white no-underline hover:text-white">
            {t("app.name")}
          </Link>
        </p>
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
      </div>
      {nav.length > 0 && (
        <nav aria-label={t("shell.mainNavigation")} className="bg-brand-700">
          <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
            {nav.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  prefetch={false}
                  aria-current={currentPath === item.href ? "page" : undefined}
                  className="block px-3 py-2 text-sm text-white no-underline hover:bg-white/10 hover:text-white aria-[current=page]:bg-white/20 aria-[current=page]:font-semibold"
                >
                  {t(`nav.${item.labelKey}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
