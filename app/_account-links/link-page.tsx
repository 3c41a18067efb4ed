import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import type { AccountLinkPurpose } from "@/db/schema";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { PageHeading } from "@/components/ui/page-heading";
import { accountLinkPath } from "@/lib/notifications/account-link-email";
import { setLanguage } from "../actions";
import { AccountLinkGate } from "./link-gate";


/**
 * The page an invitation or reset email links to. The link's secret is in the fragment (`#token=…`),
 * which the browser never sends: not to this server, its logs or a proxy's, nor in a Referer. The page's
 * script reads it and asks the server, in a POST, whether the link still works (`AccountLinkGate`).
 * A link in the older form (`?token=…`, sent before links moved to the fragment) is redirected once to
 * the new form so that it still works until it expires.
 */
export async function AccountLinkPage({ purpose, searchParams }: { purpose: AccountLinkPurpose; searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  if (typeof token === "string" && token) redirect(accountLinkPath(purpose, token));
  const t = await getTranslations("accountLinks");
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <PageHeading
        title={purpose === "invitation" ? t("invitationTitle") : t("resetTitle")}
        intro={purpose === "invitation" ? t("invitationIntro") : t("resetIntro")}
      />
      <AccountLinkGate purpose={purpose} />
    </PageFrame>
  );
}
