import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatPercent } from "@/components/insights/format";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row, RowHeader } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { filterParams, productNames } from "@/app/(portal)/_disclosures/shared";
import { loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import type { RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { countryName } from "@/lib/countries";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { formatList, localName } from "@/lib/i18n/format";
import { insightCompaniesQuerySchema } from "@/lib/schemas/insights";
import { listInsightCompanies } from "@/lib/services/list-insight-companies";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("insights.companies"))("title") };
}

/** The drill-down behind a figure: the companies within need-to-know, each listing an audited access. */
export default async function InsightCompaniesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "insights.drill_down", "/agency/insights/companies");
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
          <DataTable
            captionId="drill-caption"
            caption={t("caption")}
            columns={(["company", "version", "dependence", "inventory", "singleSource"] as const).map((key) => ({ key, label: t(key) }))}
            data-testid="drill-down-table"
          >
            {data.companies.map((c) => (
              <Row key={c.organisation.id} data-testid="drill-down-row">
                <RowHeader>
                  <Link href={`/agency/disclosures/${c.disclosureId}`} aria-label={t("open", { company: localName(locale, c.organisation.name) })}>
                    {localName(locale, c.organisation.name)}
                  </Link>
                </RowHeader>
                <Cell numeric>{c.version}</Cell>
                <Cell>{formatList(locale, c.dependence.map((d) => t("dependenceEntry", { country: countryName(d.supplierCountry, lang), share: formatPercent(locale, d.share) })))}</Cell>
                <Cell numeric>{c.inventoryDays}</Cell>
                <Cell>{c.singleSource ? t("yes") : t("no")}</Cell>
              </Row>
            ))}
          </DataTable>
        )}
      </Card>
      {back}
    </>
  );
}
