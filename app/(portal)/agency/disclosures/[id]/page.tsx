import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { DisclosureReadOnly } from "@/components/disclosures/disclosure-read-only";
import { VersionsList } from "@/components/disclosures/versions-list";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { productNames } from "@/app/(portal)/_disclosures/shared";
import { can } from "@/lib/authz/policy";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { countryNames } from "@/lib/countries";
import { localName } from "@/lib/i18n/format";
import { reviewDecisions } from "@/db/schema";
import { NotFoundError } from "@/lib/services/errors";
import { getDisclosure } from "@/lib/services/get-disclosure";
import { BreakGlassForm } from "./break-glass-form";
import { ReviewForm } from "./review-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.detail"))("metaTitle") };
}

const reviewable = new Set(["submitted", "under_review"]);

export default async function AgencyDisclosurePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const ctx = await requirePageContext();
  await requirePageView(ctx, "disclosure.review", "/agency/disclosures/[id]");
  const mayBreakGlass = can(ctx.actor.role, "disclosure.break_glass");
  // Out of scope is "not found" for everyone; approvers are offered break-glass instead of the 404 page.
  const disclosure = await loadForPage(() =>
    getDisclosure({ ctx, input: { id } }).catch((error: unknown) => {
      if (error instanceof NotFoundError && mayBreakGlass) return null;
      throw error;
    }),
  );
  const [t, locale] = await Promise.all([getTranslations("disclosures"), getLocale()]);
  const products = await productNames(ctx, locale);
  const countries = countryNames(locale);

  if (!disclosure) {
    return (
      <>
        <BreakGlassForm id={id} products={products} countries={countries} />
        <p>
          <Link href="/agency/disclosures">{t("agency.back")}</Link>
        </p>
      </>
    );
  }

  const reviewed = typeof query.reviewed === "string" && (reviewDecisions as readonly string[]).includes(query.reviewed) ? query.reviewed : null;
  const company = localName(locale, disclosure.organisation.name);
  return (
    <>
      <PageHeading title={t("agency.detailTitle", { company, period: disclosure.reportingPeriod })} />
      <Notice kind="info">{t("agency.readNotice")}</Notice>
      {reviewed && <Notice kind="success">{t("review.done", { decision: t(`decisions.${reviewed}`) })}</Notice>}
      <DisclosureReadOnly disclosure={disclosure} products={products} countries={countries} />
      <Card title={t("review.heading")}>
        {reviewable.has(disclosure.status) ? (
          <ReviewForm id={disclosure.id} version={disclosure.latestVersion} />
        ) : (
          <p>{t("review.notReviewable", { status: t(`statuses.${disclosure.status}`) })}</p>
        )}
      </Card>
      <Card title={t("detail.versionsHeading")}>
        <VersionsList versions={disclosure.versions} basePath={`/agency/disclosures/${disclosure.id}`} />
      </Card>
      <p>
        <Link href="/agency/disclosures">{t("agency.back")}</Link>
      </p>
    </>
  );
}
