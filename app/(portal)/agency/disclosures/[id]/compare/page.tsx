import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ComparePage } from "@/app/(portal)/_disclosures/compare-page";
import { requireView } from "@/app/(portal)/_disclosures/shared";
import { requirePageContext } from "@/lib/auth/page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.compare"))("titleAny") };
}

export default async function AgencyComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  requireView((await requirePageContext()).actor.role, "disclosure.review");
  return <ComparePage id={id} query={query} basePath="/agency/disclosures" />;
}
