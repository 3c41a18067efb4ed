import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { getAdvisory } from "@/lib/services/get-advisory";
import { isUuid } from "@/lib/services/internal/disclosures";
import { AdvisoryForm } from "../advisory-form";
import { advisoryFormOptions } from "../form-options";
import { formTargets } from "../form-values";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("advisories.form"))("createTitle") };
}

/** A new draft; `?supersedes=<id>` starts from a published advisory it will replace. */
export default async function NewAdvisoryPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "advisory.draft", "/agency/advisories/new");
  const locale = await getLocale();
  const supersedesId = firstValue(await searchParams, "supersedes");
  const [t, tDetail, options, supersedes] = await Promise.all([
    getTranslations("advisories.form"),
    getTranslations("advisories.detail"),
    advisoryFormOptions(ctx, locale),
    supersedesId && isUuid(supersedesId) ? loadForPage(() => getAdvisory({ ctx, input: { id: supersedesId } })) : Promise.resolve(null),
  ]);
  const initial = supersedes
    ? { title: supersedes.title, summary: supersedes.summary, body: supersedes.body, severity: supersedes.severity, tlp: supersedes.tlp, targets: formTargets(supersedes.targets), changeSummary: "" }
    : { title: "", summary: "", body: "", severity: "moderate" as const, tlp: "AMBER" as const, targets: formTargets(null), changeSummary: "" };
  return (
    <>
      <PageHeading title={t("createTitle")} intro={t("intro")} />
      {supersedes && <Notice kind="info">{t("supersedeIntro", { reference: supersedes.reference })}</Notice>}
      <Card title={t("createTitle")}>
        <AdvisoryForm mode="create" supersedes={supersedes?.id} initial={initial} {...options} />
      </Card>
      <p>
        <Link href="/agency/advisories">{tDetail("back")}</Link>
      </p>
    </>
  );
}
