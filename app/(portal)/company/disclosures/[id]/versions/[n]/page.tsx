import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { VersionPage } from "@/app/(portal)/_disclosures/version-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.version"))("metaTitle") };
}

export default async function CompanyVersionPage({ params }: { params: Promise<{ id: string; n: string }> }) {
  const { id, n } = await params;
  await requirePageView(await requirePageContext(), "disclosure.read_own", "/company/disclosures/[id]/versions/[n]");
  return <VersionPage id={id} n={n} basePath="/company/disclosures" />;
}
