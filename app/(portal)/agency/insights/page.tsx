import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ConcentrationChart } from "@/components/insights/concentration-chart";
import { formatChange, formatNumber, formatPercent } from "@/components/insights/format";
import { HeatMap } from "@/components/insights/heat-map";
import { TrendChart } from "@/components/insights/trend-chart";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { filterParams, requireView } from "@/app/(portal)/_disclosures/shared";
import { loadFiltered } from "@/app/(portal)/oversight/load-filtered";
import type { RawSearchParams } from "@/app/(portal)/oversight/events/search-params";
import { countryName } from "@/lib/countries";
import { requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { insightsQuerySchema, type ExposureInsights, type InsightCell, type InsightProduct } from "@/lib/schemas/insights";
import { getExposureInsights } from "@/lib/services/get-exposure-insights";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("insights"))("title") };
}

const cellClass = "py-2 pr-3";
const numberClass = `${cellClass} text-right tabular-nums`;

function drillDownHref(period: string, product: string, country?: string): string {
  const query = new URLSearchParams({ period, product, ...(country ? { country } : {}) });
  return `/agency/insights/companies?${query}`;
}

/** The risk-insight dashboard for agency staff: every figure comes suppressed from the service. */
export default async function InsightsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  requireView(ctx.actor.role, "insights.read");
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
  const suppressedText = (reason: "small_group" | "complementary" | null) => t(`suppressed.${reason ?? "small_group"}`);
  const change = (value: number | null, unit = "") => {
    const text = formatChange(locale, value, unit);
    return text ? t("changeValue", { value: text, previous: data.previousPeriod }) : t("none");
  };

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
        <div className="overflow-x-auto" role="region" aria-labelledby="overview-caption" tabIndex={0}>
          <table className="w-full text-left text-sm" data-testid="overview-table">
            <caption id="overview-caption" className="mb-2 text-left font-medium text-slate-900">
              {t("overviewCaption", { period: data.period, previous: data.previousPeriod })}
            </caption>
            <thead>
              <tr className="border-b border-slate-300">
                {(["product", "companies", "hhi", "band", "singleSource", "inventory", "change", "drillDown"] as const).map((c) => (
                  <th key={c} scope="col" className="py-2 pr-3 align-bottom">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.productCode} className="border-b border-slate-200" data-testid="product-row" data-product={p.productCode}>
                  <th scope="row" className={`${cellClass} font-medium`}>
                    {nameOf(p)}
                  </th>
                  {p.suppressed ? (
                    <td colSpan={6} className={`${cellClass} text-slate-800`} data-testid="suppressed">
                      {suppressedText(p.suppression)}
                    </td>
                  ) : p.companyCount === 0 ? (
                    <td colSpan={6} className={cellClass}>
                      {t("noReports")}
                    </td>
                  ) : (
                    <>
                      <td className={numberClass} data-testid="company-count">{p.companyCount}</td>
                      <td className={numberClass} data-testid="hhi">{p.hhi === null ? t("suppressed.hhi") : formatNumber(locale, p.hhi, 0)}</td>
                      <td className={cellClass}>{p.hhiBand ? t(`bands.${p.hhiBand}`) : t("none")}</td>
                      <td className={numberClass}>{p.singleSourceCount}</td>
                      <td className={numberClass}>{p.medianInventoryDays === null ? t("none") : formatNumber(locale, p.medianInventoryDays)}</td>
                      <td className={cellClass}>
                        <span className="block">{`${t("columns.companies")}: ${change(p.change.companyCount)}`}</span>
                        <span className="block">{`${t("columns.hhi")}: ${change(p.change.hhi)}`}</span>
                        <span className="block">{`${t("columns.inventory")}: ${change(p.change.medianInventoryDays)}`}</span>
                      </td>
                    </>
                  )}
                  <td className={cellClass}>
                    <Link href={drillDownHref(data.period, p.productCode)} aria-label={t("drillDownLink", { product: nameOf(p) })}>
                      {t("columns.drillDown")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
        <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="cells-caption" tabIndex={0}>
          <table className="w-full text-left text-sm" data-testid="cells-table">
            <caption id="cells-caption" className="mb-2 text-left font-medium text-slate-900">
              {t("heatMapCaption", { period: data.period })}
            </caption>
            <thead>
              <tr className="border-b border-slate-300">
                {(["product", "country", "companies", "medianDependence", "weightedShare", "change", "drillDown"] as const).map((c) => (
                  <th key={c} scope="col" className="py-2 pr-3 align-bottom">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.flatMap((p) => {
                if (p.suppressed) {
                  return [
                    <tr key={p.productCode} className="border-b border-slate-200" data-testid="cell-row" data-product={p.productCode}>
                      <th scope="row" className={`${cellClass} font-medium`}>
                        {nameOf(p)}
                      </th>
                      <td colSpan={6} className={cellClass} data-testid="suppressed">
                        {suppressedText(p.suppression)}
                      </td>
                    </tr>,
                  ];
                }
                return (cellsByProduct.get(p.productCode) ?? []).map((c) => {
                  const country = countryName(c.supplierCountry, lang);
                  return (
                    <tr key={`${p.productCode}-${c.supplierCountry}`} className="border-b border-slate-200" data-testid="cell-row" data-product={p.productCode} data-country={c.supplierCountry}>
                      <th scope="row" className={`${cellClass} font-medium`}>
                        {nameOf(p)}
                      </th>
                      <td className={cellClass}>{country}</td>
                      {c.suppressed ? (
                        <td colSpan={4} className={cellClass} data-testid="suppressed">
                          {suppressedText(c.suppression)}
                        </td>
                      ) : (
                        <>
                          <td className={numberClass}>{c.companyCount}</td>
                          <td className={numberClass}>{c.medianDependence === null ? t("none") : formatPercent(locale, c.medianDependence)}</td>
                          <td className={numberClass} data-testid="weighted-share">{c.weightedShare === null ? t("none") : formatPercent(locale, c.weightedShare)}</td>
                          <td className={cellClass}>{change(c.change.weightedShare, " pt")}</td>
                        </>
                      )}
                      <td className={cellClass}>
                        <Link
                          href={drillDownHref(data.period, p.productCode, c.supplierCountry)}
                          aria-label={t("drillDownCellLink", { product: productName.get(p.productCode) ?? p.productCode, country })}
                        >
                          {t("columns.drillDown")}
                        </Link>
                      </td>
                    </tr>
                  );
                });
              })}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title={t("concentrationHeading")}>
        {bars.length > 0 && <ConcentrationChart bars={bars} label={t("concentrationImage", { period: data.period })} />}
        <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="concentration-caption" tabIndex={0}>
          <table className="w-full text-left text-sm" data-testid="concentration-table">
            <caption id="concentration-caption" className="mb-2 text-left font-medium text-slate-900">
              {t("concentrationCaption", { period: data.period })}
            </caption>
            <thead>
              <tr className="border-b border-slate-300">
                {(["product", "hhi", "band"] as const).map((c) => (
                  <th key={c} scope="col" className="py-2 pr-3">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.productCode} className="border-b border-slate-200">
                  <th scope="row" className={`${cellClass} font-medium`}>
                    {nameOf(p)}
                  </th>
                  {p.suppressed ? (
                    <td colSpan={2} className={cellClass}>
                      {suppressedText(p.suppression)}
                    </td>
                  ) : p.companyCount === 0 ? (
                    <td colSpan={2} className={cellClass}>
                      {t("noReports")}
                    </td>
                  ) : p.hhi === null ? (
                    <td colSpan={2} className={cellClass}>
                      {t("suppressed.hhi")}
                    </td>
                  ) : (
                    <>
                      <td className={numberClass}>{formatNumber(locale, p.hhi, 0)}</td>
                      <td className={cellClass}>{p.hhiBand ? t(`bands.${p.hhiBand}`) : t("none")}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-3 text-sm text-slate-700">{t("bandsNote")}</p>
      </Card>

      <Card title={t("trendHeading")}>
        {trendSeries.length > 0 && <TrendChart periods={data.trend.map((p) => p.period)} series={trendSeries} label={t("trendImage")} />}
        <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="trend-caption" tabIndex={0}>
          <table className="w-full text-left text-sm" data-testid="trend-table">
            <caption id="trend-caption" className="mb-2 text-left font-medium text-slate-900">
              {t("trendCaption")}
            </caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-3">
                  {t("columns.product")}
                </th>
                {data.trend.map((point) => (
                  <th key={point.period} scope="col" className="py-2 pr-3 text-right">
                    {point.period}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.productCode} className="border-b border-slate-200">
                  <th scope="row" className={`${cellClass} font-medium`}>
                    {nameOf(p)}
                  </th>
                  {data.trend.map((point) => {
                    const figure = point.products.find((x) => x.productCode === p.productCode);
                    const text = !figure || figure.companyCount === 0
                      ? t("noReports")
                      : figure.suppressed
                        ? t("suppressed.short")
                        : figure.hhi === null
                          ? `${t("suppressed.short")} (${figure.companyCount})`
                          : t("trendCell", { hhi: formatNumber(locale, figure.hhi, 0), companies: figure.companyCount ?? 0 });
                    return (
                      <td key={point.period} className={numberClass}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
