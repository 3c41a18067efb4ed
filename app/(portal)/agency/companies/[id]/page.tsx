import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatList, localName } from "@/lib/i18n/format";
import { listCriticalProducts } from "@/lib/services/list-critical-products";
import { readCompanyProfile } from "@/lib/services/read-company-profile";

// Read once per request for the title and the page: every read is an audited access the company sees.
const loadProfile = cache(async (id: string) => {
  const ctx = await requirePageContext();
  return { ctx, profile: await loadForPage(() => readCompanyProfile({ ctx, input: { companyId: id, purpose: "company profile review" } })) };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ profile }, t, locale] = await Promise.all([params.then(({ id }) => loadProfile(id)), getTranslations("companyProfile"), getLocale()]);
  return { title: t("title", { company: localName(locale, profile.organisationName) }) };
}

export default async function CompanyProfileForAgency({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ctx, profile } = await loadProfile(id);
  const [products, t, locale] = await Promise.all([listCriticalProducts({ ctx, input: undefined }), getTranslations(), getLocale()]);
  const names = new Map(products.map((p) => [p.code, localName(locale, p)]));
  return (
    <>
      <PageHeading title={t("companyProfile.title", { company: localName(locale, profile.organisationName) })} />
      <Notice kind="info">{t("companyProfile.readNotice")}</Notice>
      <Card title={t("dashboard.company.profileHeading")}>
        <dl className="grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
          <dt className="font-medium">{t("dashboard.company.contact")}</dt>
          <dd>{profile.contactName}</dd>
          <dt className="font-medium">{t("profile.contactEmail")}</dt>
          <dd>{profile.contactEmail}</dd>
          <dt className="font-medium">{t("dashboard.company.phone")}</dt>
          <dd>{profile.contactPhone}</dd>
          <dt className="font-medium">{t("dashboard.company.products")}</dt>
          <dd>{formatList(locale, profile.productCodes.map((code) => names.get(code) ?? code)) || t("dashboard.company.noProducts")}</dd>
          <dt className="font-medium">{t("profile.sector")}</dt>
          <dd>{profile.sector ? t(`sectors.${profile.sector}`) : t("profile.sectorNone")}</dd>
        </dl>
      </Card>
      <p>
        <Link href="/agency">{t("companyProfile.back")}</Link>
      </p>
    </>
  );
}
