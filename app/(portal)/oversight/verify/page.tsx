import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { can } from "@/lib/authz/policy";
import { requirePageContext } from "@/lib/auth/page-guard";
import { notFound } from "next/navigation";
import { SealPanel, VerifyPanel } from "./verify-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auditVerify"))("title") };
}

export default async function VerifyPage() {
  const ctx = await requirePageContext();
  // The services check again (and audit a refusal); this only spares other roles an empty page.
  if (!can(ctx.actor.role, "audit.verify")) notFound();
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
