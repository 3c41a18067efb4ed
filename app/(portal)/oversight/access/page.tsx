import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { TimeRangeFields } from "@/app/(portal)/_filters/time-range-fields";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { requirePageContext } from "@/lib/auth/page-guard";
import { accessReportQuerySchema, type AccessReport } from "@/lib/schemas/access-report";
import { getAccessReport } from "@/lib/services/get-access-report";
import { firstValue, formatEventTime, presentParams, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accessReport"))("title") };
}

const formFields = ["organisation", "from", "to"] as const;
const columns = ["company", "official", "agency", "role", "reads", "reviews", "denials", "breakGlass", "total", "period", "events"] as const;
const figures = new Set<string>(["reads", "reviews", "denials", "breakGlass", "total"]);

/** The companies to choose from (the report's own list), and what was asked for if it is none of them, so the form shows it. */
function companyOptions(report: AccessReport | undefined, asked: string, locale: string, all: string) {
  const companies = (report?.companies ?? []).map((c) => ({ value: c.id, label: locale === "ja" ? c.nameJa : c.nameEn }));
  const other = asked && !companies.some((c) => c.value === asked) ? [{ value: asked.slice(0, 40), label: asked.slice(0, 40) }] : [];
  return [{ value: "", label: all }, ...companies, ...other];
}

export default async function AccessReportPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const input = presentParams(params);
  const result = await loadFiltered(() => getAccessReport({ ctx, input }), accessReportQuerySchema, input);
  const [t, tRoles, tAll, locale] = await Promise.all([getTranslations("accessReport"), getTranslations("roles"), getTranslations(), getLocale()]);

  const message = (key: string) => tAll(key as "validation.required");
  const errorOf = filterErrors(result, message);
  const shownValue = (field: "from" | "to") => (result.data ? result.data[field] : firstValue(params, field));
  const name = (en: string | null, ja: string | null) => (locale === "ja" ? ja : en) ?? "";
  const time = (iso: string) => <time dateTime={iso}>{formatEventTime(locale, iso)}</time>;

  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <FilterCard
        title={t("filtersHeading")}
        action="/oversight/access"
        errors={result.errors}
        formFields={formFields}
        refused={{ heading: t("invalidHeading"), body: t("invalidBody") }}
        submitLabel={t("show")}
        resetLabel={t("reset")}
        hint={{ id: "access-report-hint", text: t("rangeHint") }}
      >
        <div className="grid gap-x-6 md:grid-cols-3">
          <SelectField
            label={t("organisation")}
            name="organisation"
            options={companyOptions(result.data, firstValue(params, "organisation"), locale, t("allCompanies"))}
            defaultValue={firstValue(params, "organisation").slice(0, 40)}
            error={errorOf("organisation")}
          />
          <TimeRangeFields labels={{ from: t("from"), to: t("to") }} values={{ from: shownValue("from"), to: shownValue("to") }} errorOf={errorOf} />
        </div>
      </FilterCard>
      {result.data && (
        <Card title={t("showing", { from: formatEventTime(locale, result.data.from), to: formatEventTime(locale, result.data.to) })}>
          {result.data.truncated && <Notice kind="info">{t("truncated")}</Notice>}
          {result.data.rows.length === 0 ? (
            <p data-testid="access-report-none">{t("none")}</p>
          ) : (
            <DataTable captionId="access-report-caption" caption={t("caption")} columns={columns.map((key) => ({ key, label: t(key), numeric: figures.has(key) }))}>
              {result.data.rows.map((row) => (
                <Row key={`${row.companyId}:${row.actorUserId}:${row.role}`} className="align-top" data-testid="access-report-row">
                  <Cell>{name(row.companyEn, row.companyJa)}</Cell>
                  <Cell className="break-all">{row.actorEmail ?? row.actorUserId ?? t("unknownOfficial")}</Cell>
                  <Cell>{name(row.agencyEn, row.agencyJa)}</Cell>
                  <Cell>{row.role ? tRoles(row.role as "auditor") : ""}</Cell>
                  <Cell numeric>{row.reads}</Cell>
                  <Cell numeric>{row.reviews}</Cell>
                  <Cell numeric>{row.denials}</Cell>
                  <Cell numeric>{row.breakGlass}</Cell>
                  <Cell numeric>{row.total}</Cell>
                  <Cell className="whitespace-nowrap">
                    {time(row.first)}
                    {row.last !== row.first && (
                      <>
                        {" – "}
                        <span className="block">{time(row.last)}</span>
                      </>
                    )}
                  </Cell>
                  <Cell>
                    <Link href={row.eventsLink}>{t("viewEvents")}</Link>
                  </Cell>
                </Row>
              ))}
            </DataTable>
          )}
        </Card>
      )}
    </>
  );
}
