import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatList, localName } from "@/lib/i18n/format";
import { listCompaniesInScope } from "@/lib/services/list-companies-in-scope";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard.agency"))("title") };
}

export default async function AgencyDashboard() {
  const ctx = await requirePageContext();
  const [scope, t, tProfile, tSectors, locale] = await Promise.all([
    loadForPage(() => listCompaniesInScope({ ctx, input: undefined })),
    getTranslations("dashboard.agency"),
    getTranslations("profile"),
    getTranslations("sectors"),
    getLocale(),
  ]);
  const productName = new Map(scope.assignedProducts.map((p) => [p.code, localName(locale, p)]));
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("assignedHeading")}>
        {scope.assignedProducts.length ? (
          <ul className="flex flex-wrap gap-2" data-testid="assigned-products">
            {scope.assignedProducts.map((p) => (
              <li key={p.code} className="rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-800">
                {localName(locale, p)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("noAssignments")}</p>
        )}
      </Card>
      <Card title={t("companiesHeading")}>
        <p className="mb-3 text-sm text-slate-700">{t("openNotice")}</p>
        {scope.companies.length ? (
          <ScrollRegion label={t("companiesHeading")}>
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">{t("company")}</th>
                  <th scope="col" className="py-2 pr-3">{t("overlap")}</th>
                  <th scope="col" className="py-2">{tProfile("sector")}</th>
                </tr>
              </thead>
              <tbody>
                {scope.companies.map((c) => (
                  <tr key={c.id} className="border-b border-slate-200" data-testid="company-row">
                    <td className="py-2 pr-3">
                      <Link href={`/agency/companies/${c.id}`} aria-label={t("open", { company: localName(locale, c) })}>
                        {localName(locale, c)}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{formatList(locale, c.productCodes.map((code) => productName.get(code) ?? code))}</td>
                    <td className="py-2">{c.sector ? tSectors(c.sector) : tProfile("sectorNone")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>{t("noCompanies")}</p>
        )}
      </Card>
    </>
  );
}
