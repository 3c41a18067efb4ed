import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { currentContext } from "@/lib/auth/current-actor";
import { DEMO_PASSWORD, demoUsers } from "@/lib/demo/seed-demo";
import { homePathFor } from "@/lib/navigation";
import { setLanguage } from "../actions";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const ctx = await currentContext();
  if (ctx.actor) redirect(homePathFor(ctx.actor.role));
  const [t, { callbackUrl }] = await Promise.all([getTranslations(), searchParams]);
  const demo = process.env.DEMO_MODE === "1";
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <div className="grid gap-8 md:grid-cols-2">
        <div>
          <PageHeading title={t("signIn.title")} intro={t("signIn.intro")} />
          <SignInForm callbackUrl={callbackUrl} />
        </div>
        {demo && (
          <Card title={t("signIn.demoTitle")}>
            <p className="mb-3 text-slate-700">
              {t("signIn.demoIntro", { password: DEMO_PASSWORD })}
            </p>
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-2">{t("signIn.demoAccount")}</th>
                  <th scope="col" className="py-1">{t("signIn.demoRole")}</th>
                </tr>
              </thead>
              <tbody>
                {demoUsers.map((u) => (
                  <tr key={u.email} className="border-t border-slate-200">
                    <td className="py-1 pr-2 font-mono">{u.email}</td>
                    <td className="py-1">{t(`roles.${u.role}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
      </div>
    </PageFrame>
  );
}
