import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { getPlatformOverview } from "@/lib/services/get-platform-overview";
import { organisationTypes } from "@/db/schema";
import { OrganisationForm } from "./organisation-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard.admin"))("title") };
}

export default async function AdminDashboard() {
  const ctx = await requirePageContext();
  const [organisations, t, tTypes, locale] = await Promise.all([
    loadForPage(() => getPlatformOverview({ ctx, input: undefined })),
    getTranslations("dashboard.admin"),
    getTranslations("orgTypes"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("organisationsHeading")}>
        <ScrollRegion label={t("organisationsHeading")}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("organisationsHeading")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">{t("name")}</th>
                <th scope="col" className="py-2 pr-3">{t("type")}</th>
                <th scope="col" className="py-2">{t("users")}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id} className="border-b border-slate-200" data-testid="organisation-row">
                  <td className="py-2 pr-3">{localName(locale, o)}</td>
                  <td className="py-2 pr-3">{tTypes(o.type)}</td>
                  <td className="py-2">{o.userCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Card>
      <Card title={t("createOrganisationHeading")}>
        <OrganisationForm types={organisationTypes.map((type) => ({ value: type, label: tTypes(type) }))} />
      </Card>
    </>
  );
}
