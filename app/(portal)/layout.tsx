import { getLocale, getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { navItemsFor } from "@/lib/navigation";
import { getMe } from "@/lib/services/get-me";
import { setLanguage, signOutAction } from "../actions";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePageContext();
  const [me, t, locale] = await Promise.all([loadForPage(() => getMe({ ctx, input: undefined })), getTranslations(), getLocale()]);
  const user = {
    displayName: me.user.displayName,
    roleLabel: t(`roles.${me.role}`),
    organisation: locale === "ja" ? me.organisation.nameJa : me.organisation.nameEn,
  };
  return (
    <PageFrame header={<SiteHeader user={user} nav={navItemsFor(me.role)} setLanguage={setLanguage} signOut={signOutAction} />}>
      {children}
    </PageFrame>
  );
}
