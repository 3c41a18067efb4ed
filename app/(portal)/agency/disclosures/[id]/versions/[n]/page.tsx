import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { VersionPage } from "@/app/(portal)/_disclosures/version-page";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.version"))("metaTitle") };
}

export default async function AgencyVersionPage({ params }: { params: Promise<{ id: string; n: string }> }) {
  const { id, n } = await params;
  await requirePageView(await requirePageContext(), "disclosure.review", "/agency/disclosures/[id]/versions/[n]");
  return <VersionPage id={id} n={n} basePath="/agency/disclosures" />;
}
