import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { currentContext } from "@/lib/auth/current-actor";
import { DEMO_PASSWORD, demoUsers } from "@/lib/demo/seed-demo";
import { homePathFor } from "@/lib/navigation";
import { isDemoMode, listDemoSignInCodes } from "@/lib/services/list-demo-sign-in-codes";
import { setLanguage } from "../actions";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const ctx = await currentContext();
  if (ctx.actor) redirect(homePathFor(ctx.actor.role));
  const [t, { callbackUrl, error }] = await Promise.all([getTranslations(), searchParams]);
  const demo = isDemoMode();
  const { codes, secondsLeft } = await listDemoSignInCodes({ ctx, input: undefined });
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <div className="grid grid-cols-1 gap-8 md:grid-cols-2">
        <div>
          <PageHeading title={t("signIn.title")} intro={t("signIn.intro")} />
          {/* Sent here by Auth.js for a request it refused (`pages.error`); what it was is in the server's log. */}
          {error && (
            <div className="mb-4">
              <Notice kind="error" title={t("signIn.errorHeading")}>
                <p>{t("signIn.endpointError")}</p>
              </Notice>
            </div>
          )}
          <SignInForm callbackUrl={callbackUrl} demo={demo} />
          <p className="mt-4">
            <Link href="/forgot-password" className="underline">
              {t("signIn.forgot")}
            </Link>
            {demo && (
              <>
                {" · "}
                <Link href="/demo/mailbox" className="underline">
                  {t("signIn.demoMailbox")}
                </Link>
              </>
            )}
          </p>
        </div>
        {demo && (
          <Card title={t("signIn.demoTitle")}>
            <p className="mb-3 text-slate-700">
              {t("signIn.demoIntro", { password: DEMO_PASSWORD })}
            </p>
            <p className="mb-3 text-slate-700">{t("signIn.demoCodesIntro", { seconds: secondsLeft })}</p>
            <ScrollRegion label={t("signIn.demoTitle")}>
              <table className="w-full text-left text-sm">
                <caption className="sr-only">{t("signIn.demoTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pr-2">{t("signIn.demoAccount")}</th>
                    <th scope="col" className="py-1 pr-2">{t("signIn.demoRole")}</th>
                    <th scope="col" className="py-1">{t("signIn.demoCodeColumn")}</th>
                  </tr>
                </thead>
                <tbody>
                  {demoUsers.map((u) => (
                    <tr key={u.email} className="border-t border-slate-200" data-testid="demo-account">
                      <td className="py-1 pr-2 font-mono">{u.email}</td>
                      <td className="py-1 pr-2">{t(`roles.${u.role}`)}</td>
                      <td className="py-1 font-mono" data-testid="demo-account-code">
                        {codes.find((c) => c.email === u.email)?.code ?? t("signIn.demoNoCode")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </Card>
        )}
      </div>
    </PageFrame>
  );
}
