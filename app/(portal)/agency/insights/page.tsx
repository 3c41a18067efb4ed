import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ConcentrationChart } from "@/components/insights/concentration-chart";
import { formatChange, formatNumber, formatPercent } from "@/components/insights/format";
import { HeatMap } from "@/components/insights/heat-map";
import { SuppressedCell } from "@/components/insights/suppressed-cell";
import { TrendChart } from "@/components/insights/trend-chart";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row, RowHeader } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { filterParams } from "@/app/(portal)/_disclosures/shared";
import { loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import type { RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { countryName } from "@/lib/countries";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { insightsQuerySchema, type ExposureInsights, type InsightCell, type InsightProduct } from "@/lib/schemas/insights";
import { getExposureInsights } from "@/lib/services/get-exposure-insights";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("insights"))("title") };
}

function drillDownHref(period: string, product: string, country?: string): string {
  const query = new URLSearchParams({ period, product, ...(country ? { country } : {}) });
  return `/agency/insights/companies?${query}`;
}

/** The risk-insight dashboard for agency staff: every figure comes suppressed from the service. */
export default async function InsightsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "insights.read", "/agency/insights");
  const input = filterParams(await searchParams);
  const result = await loadFiltered(() => getExposureInsights({ ctx, input: { query: input, format: "page" } }), insightsQuerySchema, input);
  const [t, locale] = await Promise.all([getTranslations("insights"), getLocale()]);

  if (!result.data) {
    return (
      <>
        <PageHeading title={t("title")} intro={t("intro")} />
        <Notice kind="error" title={t("invalidHeading")}>
          <p>{t("invalidBody")}</p>
          <Link href="/agency/insights">{t("title")}</Link>
        </Notice>
      </>
    );
  }
  return <Dashboard data={result.data} t={t} locale={locale} />;
}

type Translate = Awaited<ReturnType<typeof getTranslations<"insights">>>;

function Dashboard({ data, t, locale }: { data: ExposureInsights; t: Translate; locale: string }) {
  const lang = locale === "ja" ? "ja" : "en";
  const nameOf = (p: InsightProduct) => localName(locale, p.name);
  const collator = new Intl.Collator(lang);
  const products = [...data.products].sort((a, b) => collator.compare(nameOf(a), nameOf(b)));
  const productName = new Map(products.map((p) => [p.productCode, nameOf(p)]));
  const columns = (keys: readonly string[]) => keys.map((key) => ({ key, label: t(`columns.${key}`) }));
  // A change since the previous period; a share's is in percentage points.
  const change = (value: number | null, unit?: "points") => {
    const text = formatChange(locale, value);
    if (!text) return t("none");
    return t("changeValue", { value: unit === "points" ? t("points", { value: text }) : text, previous: data.previousPeriod });
  };
  const changeLine = (column: "companies" | "hhi" | "inventory", value: number | null) => t("changeLine", { label: t(`columns.${column}`), change: change(value) });

  // Countries across the heat map: by their published share, then those with withheld cells only (by code).
  const weight = new Map<string, number>();
  for (const c of data.cells) weight.set(c.supplierCountry, (weight.get(c.supplierCountry) ?? 0) + (c.weightedShare ?? 0));
  const countries = [...weight.keys()]
    .sort((a, b) => weight.get(b)! - weight.get(a)! || a.localeCompare(b))
    .map((code) => ({ code, name: countryName(code, lang) }));
  const cellsByProduct = new Map<string, InsightCell[]>();
  for (const c of data.cells) cellsByProduct.set(c.productCode, [...(cellsByProduct.get(c.productCode) ?? []), c]);

  const periodOptions = (data.periods.includes(data.period) ? data.periods : [...data.periods, data.period].sort()).map((p) => ({ value: p, label: p }));
  const bars = products.filter((p) => p.hhi !== null && p.hhiBand !== null).map((p) => ({ name: nameOf(p), hhi: p.hhi!, band: p.hhiBand! }));
  const trendSeries = products
    .map((p) => ({ code: p.productCode, name: nameOf(p), points: data.trend.map((point) => point.products.find((x) => x.productCode === p.productCode)?.hhi ?? null) }))
    .filter((s) => s.points.some((v) => v !== null));

  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("periodHeading")}>
        <form method="get" action="/agency/insights" className="flex flex-wrap items-end gap-4" noValidate>
          <div className="min-w-48">
            <SelectField label={t("period")} hint={t("periodHint")} name="period" defaultValue={data.period} options={periodOptions} />
          </div>
          <div className="mb-4 flex flex-wrap items-center gap-4">
            <Button type="submit">{t("show")}</Button>
            <a href={`/api/v1/insights/exposure.csv?${new URLSearchParams({ period: data.period })}`} download>
              {t("download")}
            </a>
          </div>
        </form>
        {data.periods.length === 0 && <p>{t("noPeriods")}</p>}
      </Card>

      <section aria-labelledby="insights-rule" className="mb-6 rounded border-l-4 border-brand-700 bg-brand-50 px-4 py-3" data-testid="k-anonymity-rule">
        <h2 id="insights-rule" className="mb-2 font-semibold">
          {t("ruleHeading")}
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>{t("ruleThreshold", { threshold: data.threshold })}</li>
          <li>{t("ruleRecusal")}</li>
          <li>{t("ruleComplementary")}</li>
          <li>{t("ruleChange")}</li>
        </ul>
      </section>

      <Card title={t("overviewHeading")}>
        <p className="mb-3 text-sm text-slate-700">{t("drillDownNote")}</p>
        <DataTable
          captionId="overview-caption"
          caption={t("overviewCaption", { period: data.period, previous: data.previousPeriod })}
          columns={columns(["product", "companies", "hhi", "band", "singleSource", "inventory", "change", "drillDown"])}
          headerAlign="bottom"
          data-testid="overview-table"
        >
          {products.map((p) => (
            <Row key={p.productCode} data-testid="product-row" data-product={p.productCode}>
              <RowHeader>{nameOf(p)}</RowHeader>
              {p.suppressed ? (
                <SuppressedCell reason={p.suppression} colSpan={6} className="text-slate-800" />
              ) : p.companyCount === 0 ? (
                <Cell colSpan={6}>{t("noReports")}</Cell>
              ) : (
                <>
                  <Cell numeric data-testid="company-count">{p.companyCount}</Cell>
                  <Cell numeric data-testid="hhi">{p.hhi !== null ? formatNumber(locale, p.hhi, 0) : t(p.hhiBand ? "suppressed.hhiBandOnly" : "suppressed.hhi")}</Cell>
                  <Cell>{p.hhiBand ? t(`bands.${p.hhiBand}`) : t("none")}</Cell>
                  <Cell numeric>{p.singleSourceCount}</Cell>
                  <Cell numeric>{p.medianInventoryDays === null ? t("none") : formatNumber(locale, p.medianInventoryDays)}</Cell>
                  <Cell>
                    <span className="block">{changeLine("companies", p.change.companyCount)}</span>
                    <span className="block">{changeLine("hhi", p.change.hhi)}</span>
                    <span className="block">{changeLine("inventory", p.change.medianInventoryDays)}</span>
                  </Cell>
                </>
              )}
              <Cell>
                <Link href={drillDownHref(data.period, p.productCode)} aria-label={t("drillDownLink", { product: nameOf(p) })}>
                  {t("columns.drillDown")}
                </Link>
              </Cell>
            </Row>
          ))}
        </DataTable>
        <p className="mt-3 text-sm text-slate-700">{t("bandsNote")}</p>
      </Card>

      <Card title={t("heatMapHeading")}>
        <p className="mb-3 text-sm text-slate-700">{t("heatMapIntro")}</p>
        {countries.length === 0 ? (
          <p>{t("noCells")}</p>
        ) : (
          <HeatMap
            products={products.map((p) => ({ code: p.productCode, name: nameOf(p), product: p }))}
            cells={data.cells}
            countries={countries}
            label={t("heatMapImage", { period: data.period })}
            legend={{ low: t("legendLow"), high: t("legendHigh"), suppressed: t("suppressed.short") }}
          />
        )}
        <DataTable
          captionId="cells-caption"
          caption={t("heatMapCaption", { period: data.period })}
          columns={columns(["product", "country", "companies", "medianDependence", "weightedShare", "change", "drillDown"])}
          headerAlign="bottom"
          className="mt-4"
          data-testid="cells-table"
        >
          {products.flatMap((p) => {
            if (p.suppressed) {
              return [
                <Row key={p.productCode} data-testid="cell-row" data-product={p.productCode}>
                  <RowHeader>{nameOf(p)}</RowHeader>
                  <SuppressedCell reason={p.suppression} colSpan={6} />
                </Row>,
              ];
            }
            return (cellsByProduct.get(p.productCode) ?? []).map((c) => {
              const country = countryName(c.supplierCountry, lang);
              return (
                <Row key={`${p.productCode}-${c.supplierCountry}`} data-testid="cell-row" data-product={p.productCode} data-country={c.supplierCountry}>
                  <RowHeader>{nameOf(p)}</RowHeader>
                  <Cell>{country}</Cell>
                  {c.suppressed ? (
                    <SuppressedCell reason={c.suppression} colSpan={4} />
                  ) : (
                    <>
                      <Cell numeric>{c.companyCount}</Cell>
                      <Cell numeric>{c.medianDependence === null ? t("none") : formatPercent(locale, c.medianDependence)}</Cell>
                      <Cell numeric data-testid="weighted-share">{c.weightedShare === null ? t("none") : formatPercent(locale, c.weightedShare)}</Cell>
                      <Cell>{change(c.change.weightedShare, "points")}</Cell>
                    </>
                  )}
                  <Cell>
                    <Link
                      href={drillDownHref(data.period, p.productCode, c.supplierCountry)}
                      aria-label={t("drillDownCellLink", { product: productName.get(p.productCode) ?? p.productCode, country })}
                    >
                      {t("columns.drillDown")}
                    </Link>
                  </Cell>
                </Row>
              );
            });
          })}
        </DataTable>
      </Card>

      <Card title={t("concentrationHeading")}>
        {bars.length > 0 && <ConcentrationChart bars={bars} label={t("concentrationImage", { period: data.period })} />}
        <DataTable
          captionId="concentration-caption"
          caption={t("concentrationCaption", { period: data.period })}
          columns={columns(["product", "hhi", "band"])}
          className="mt-4"
          data-testid="concentration-table"
        >
          {products.map((p) => (
            <Row key={p.productCode}>
              <RowHeader>{nameOf(p)}</RowHeader>
              {p.suppressed ? (
                <SuppressedCell reason={p.suppression} colSpan={2} />
              ) : p.companyCount === 0 ? (
                <Cell colSpan={2}>{t("noReports")}</Cell>
              ) : p.hhi === null && p.hhiBand === null ? (
                <Cell colSpan={2}>{t("suppressed.hhi")}</Cell>
              ) : (
                <>
                  <Cell numeric>{p.hhi === null ? t("suppressed.hhiBandOnly") : formatNumber(locale, p.hhi, 0)}</Cell>
                  <Cell>{p.hhiBand ? t(`bands.${p.hhiBand}`) : t("none")}</Cell>
                </>
              )}
            </Row>
          ))}
        </DataTable>
        <p className="mt-3 text-sm text-slate-700">{t("bandsNote")}</p>
      </Card>

      <Card title={t("trendHeading")}>
        {trendSeries.length > 0 && <TrendChart periods={data.trend.map((p) => p.period)} series={trendSeries} label={t("trendImage")} />}
        <DataTable
          captionId="trend-caption"
          caption={t("trendCaption")}
          columns={[...columns(["product"]), ...data.trend.map((point) => ({ key: point.period, label: point.period, numeric: true }))]}
          className="mt-4"
          data-testid="trend-table"
        >
          {products.map((p) => (
            <Row key={p.productCode}>
              <RowHeader>{nameOf(p)}</RowHeader>
              {data.trend.map((point) => {
                const figure = point.products.find((x) => x.productCode === p.productCode);
                const text = !figure || figure.companyCount === 0
                  ? t("noReports")
                  : figure.suppressed
                    ? t("suppressed.short")
                    : figure.hhi === null
                      ? t("trendCell", { hhi: t("suppressed.short"), companies: figure.companyCount ?? 0 })
                      : t("trendCell", { hhi: formatNumber(locale, figure.hhi, 0), companies: figure.companyCount ?? 0 });
                return (
                  <Cell key={point.period} numeric>
                    {text}
                  </Cell>
                );
              })}
            </Row>
          ))}
        </DataTable>
      </Card>

      <Card title={t("definitionsHeading")}>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>{t("definitionDependence")}</li>
          <li>{t("definitionWeighted")}</li>
          <li>{t("definitionHhi")}</li>
          <li>{t("definitionInventory")}</li>
        </ul>
      </Card>
    </>
  );
}
