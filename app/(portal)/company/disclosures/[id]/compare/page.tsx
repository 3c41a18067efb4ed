import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { ComparePage } from "@/app/(portal)/_disclosures/compare-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.compare"))("titleAny") };
}

export default async function CompanyComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  await requirePageView(await requirePageContext(), "disclosure.read_own", "/company/disclosures/[id]/compare");
  return <ComparePage id={id} query={query} basePath="/company/disclosures" />;
}
