import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { SealPanel, VerifyPanel } from "./verify-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auditVerify"))("title") };
}

export default async function VerifyPage() {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "audit.verify", "/oversight/verify");
  const t = await getTranslations("auditVerify");
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("run")}>
        <VerifyPanel />
      </Card>
      <Card title={t("sealHeading")}>
        <p className="mb-3 text-slate-700">{t("sealIntro")}</p>
        <SealPanel />
      </Card>
    </>
  );
}
