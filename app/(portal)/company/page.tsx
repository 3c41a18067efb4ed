import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { can } from "@/lib/authz/policy";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { getOwnProfile } from "@/lib/services/get-own-profile";
import { listCriticalProducts } from "@/lib/services/list-critical-products";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard.company"))("pageTitle") };
}

export default async function CompanyDashboard() {
  const ctx = await requirePageContext();
  const [profile, products, t, tProfile, tSectors, locale] = await Promise.all([
    loadForPage(() => getOwnProfile({ ctx, input: undefined })),
    listCriticalProducts({ ctx, input: undefined }),
    getTranslations("dashboard.company"),
    getTranslations("profile"),
    getTranslations("sectors"),
    getLocale(),
  ]);
  const names = new Map(products.map((p) => [p.code, localName(locale, p)]));
  return (
    <>
      <PageHeading title={t("title", { organisation: localName(locale, profile.organisationName) })} intro={t("intro")} />
      <Card title={t("profileHeading")}>
        <dl className="grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
          <dt className="font-medium">{t("contact")}</dt>
          <dd data-testid="profile-contact">{profile.contactName}</dd>
          <dt className="font-medium">{t("phone")}</dt>
          <dd>{profile.contactPhone}</dd>
          <dt className="font-medium">{tProfile("sector")}</dt>
          <dd data-testid="profile-sector">{profile.sector ? tSectors(profile.sector) : tProfile("sectorNone")}</dd>
          <dt className="font-medium">{t("products")}</dt>
          <dd>
            {profile.productCodes.length ? (
              <ul className="list-inside list-disc">
                {profile.productCodes.map((code) => (
                  <li key={code}>{names.get(code) ?? code}</li>
                ))}
              </ul>
            ) : (
              t("noProducts")
            )}
          </dd>
        </dl>
        <p className="mt-4 flex gap-6">
          <Link href="/company/profile">{t("editProfile")}</Link>
          {can(ctx.actor.role, "api_token.manage_company") && <Link href="/company/tokens">{t("manageTokens")}</Link>}
        </p>
      </Card>
    </>
  );
}
