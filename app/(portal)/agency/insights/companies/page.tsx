import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatPercent } from "@/components/insights/format";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { filterParams, productNames, requireView } from "@/app/(portal)/_disclosures/shared";
import { loadFiltered } from "@/app/(portal)/oversight/load-filtered";
import type { RawSearchParams } from "@/app/(portal)/oversight/events/search-params";
import { countryName } from "@/lib/countries";
import { requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { insightCompaniesQuerySchema } from "@/lib/schemas/insights";
import { listInsightCompanies } from "@/lib/services/list-insight-companies";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("insights.companies"))("title") };
}

/** The drill-down behind a figure: the companies within need-to-know, each listing an audited access. */
export default async function InsightCompaniesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  requireView(ctx.actor.role, "insights.drill_down");
  const input = filterParams(await searchParams);
  const result = await loadFiltered(() => listInsightCompanies({ ctx, input }), insightCompaniesQuerySchema, input);
  const [t, tInsights, locale] = await Promise.all([getTranslations("insights.companies"), getTranslations("insights"), getLocale()]);
  const back = <Link href={result.data ? `/agency/insights?${new URLSearchParams({ period: result.data.period })}` : "/agency/insights"}>{t("back")}</Link>;
  if (!result.data) {
    return (
      <>
        <PageHeading title={t("title")} />
        <Notice kind="error" title={tInsights("invalidHeading")}>
          <p>{tInsights("invalidBody")}</p>
        </Notice>
        {back}
      </>
    );
  }
  const data = result.data;
  const lang = locale === "ja" ? "ja" : "en";
  const product = (await productNames(ctx, locale))[data.productCode] ?? data.productCode;
  const title = data.supplierCountry
    ? t("titleCell", { product, country: countryName(data.supplierCountry, lang), period: data.period })
    : t("titleProduct", { product, period: data.period });
  return (
    <>
      <PageHeading title={title} intro={t("intro")} />
      {data.companies.length > 0 && <Notice kind="info">{t("recorded")}</Notice>}
      <Card title={t("title")}>
        {data.companies.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <div className="overflow-x-auto" role="region" aria-labelledby="drill-caption" tabIndex={0}>
            <table className="w-full text-left text-sm" data-testid="drill-down-table">
              <caption id="drill-caption" className="mb-2 text-left font-medium text-slate-900">
                {t("caption")}
              </caption>
              <thead>
                <tr className="border-b border-slate-300">
                  {(["company", "version", "dependence", "inventory", "singleSource"] as const).map((c) => (
                    <th key={c} scope="col" className="py-2 pr-3">
                      {t(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.companies.map((c) => (
                  <tr key={c.organisation.id} className="border-b border-slate-200" data-testid="drill-down-row">
                    <th scope="row" className="py-2 pr-3 font-medium">
                      <Link href={`/agency/disclosures/${c.disclosureId}`} aria-label={t("open", { company: localName(locale, c.organisation.name) })}>
                        {localName(locale, c.organisation.name)}
                      </Link>
                    </th>
                    <td className="py-2 pr-3 text-right tabular-nums">{c.version}</td>
                    <td className="py-2 pr-3">{c.dependence.map((d) => `${countryName(d.supplierCountry, lang)} ${formatPercent(locale, d.share)}`).join(", ")}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{c.inventoryDays}</td>
                    <td className="py-2 pr-3">{c.singleSource ? t("yes") : t("no")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {back}
    </>
  );
}
