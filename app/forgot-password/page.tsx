import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { PageHeading } from "@/components/ui/page-heading";
import { setLanguage } from "../actions";
import { ForgotForm } from "./forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accountLinks"))("forgotTitle") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("accountLinks");
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <PageHeading title={t("forgotTitle")} intro={t("forgotIntro")} />
      <ForgotForm />
    </PageFrame>
  );
}
