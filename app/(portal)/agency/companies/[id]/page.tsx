import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatList, localName } from "@/lib/i18n/format";
import { listCriticalProducts } from "@/lib/services/list-critical-products";
import { readCompanyProfile } from "@/lib/services/read-company-profile";

export default async function CompanyProfileForAgency({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requirePageContext();
  const profile = await loadForPage(() => readCompanyProfile({ ctx, input: { companyId: id, purpose: "company profile review" } }));
  const [products, t, locale] = await Promise.all([listCriticalProducts({ ctx, input: undefined }), getTranslations(), getLocale()]);
  const names = new Map(products.map((p) => [p.code, localName(locale, p)]));
  return (
    <>
      <PageHeading title={t("companyProfile.title", { company: localName(locale, profile.organisationName) })} />
      <Notice kind="info">{t("companyProfile.readNotice")}</Notice>
      <Card title={t("dashboard.company.profileHeading")}>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
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
