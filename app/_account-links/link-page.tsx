import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import Link from "next/link";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { inspectAccountLink } from "@/lib/services/inspect-account-link";
import { setLanguage } from "../actions";
import { SetPasswordForm } from "./set-password-form";

/** The page an invitation or reset email links to: the form if the link still works, else why not. */
export async function AccountLinkPage({ purpose, token }: { purpose: "invitation" | "password_reset"; token?: string }) {
  const [t, requestHeaders] = await Promise.all([getTranslations("accountLinks"), headers()]);
  const ctx = await contextFromHeaders(requestHeaders, null);
  const state = token ? await inspectAccountLink({ ctx, input: { token, purpose } }) : { ok: false as const, reason: "unknown" as const };
  const title = purpose === "invitation" ? t("invitationTitle") : t("resetTitle");
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <PageHeading title={title} intro={purpose === "invitation" ? t("invitationIntro") : t("resetIntro")} />
      {state.ok && token ? (
        <SetPasswordForm purpose={purpose} token={token} email={state.email} displayName={state.displayName} />
      ) : (
        <Notice kind="error" title={t("unusable")}>
          <p>{(await getTranslations("validation"))(`link_${state.reason}`)}</p>
          <p className="mt-2">
            <Link href="/sign-in" className="underline">
              {t("goToSignIn")}
            </Link>
          </p>
        </Notice>
      )}
    </PageFrame>
  );
}
