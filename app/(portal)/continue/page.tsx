import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/ui/page-heading";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { requirePageContext } from "@/lib/auth/page-guard";
import { continueTarget } from "@/lib/http/continue-target";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("continuePage"))("title") };
}

/**
 * Where a page opened from a link on another site is sent first (lib/auth/page-guard.ts): it asks before the
 * page is opened — and its reading recorded — in the person's name. The link it offers is a plain one of this
 * site (no prefetch: nothing of the page is fetched until it is followed).
 */
export default async function ContinuePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requirePageContext();
  const [t, tErrors] = await Promise.all([getTranslations("continuePage"), getTranslations("errors")]);
  const target = continueTarget(firstValue(await searchParams, "to"));
  return (
    <>
      <PageHeading title={t("title")} intro={target ? t("body") : t("noTarget")} />
      {target && (
        <p className="mb-2">
          <a href={target} className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
            {t("open")}
          </a>
        </p>
      )}
      {target && (
        <p className="mb-6 text-sm break-all text-slate-700" data-testid="continue-address">
          {t("address", { path: target })}
        </p>
      )}
      <p>
        <Link href="/">{tErrors("home")}</Link>
      </p>
    </>
  );
}
