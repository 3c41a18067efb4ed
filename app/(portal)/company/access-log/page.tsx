import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { actionText, purposeText } from "@/components/audit/access-entry";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { firstValue, formatEventTime, queryString, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { TimeRangeFields } from "@/app/(portal)/_filters/time-range-fields";
import { filterParams } from "@/app/(portal)/_disclosures/shared";
import { requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { accessLogQuerySchema } from "@/lib/schemas/disclosure";
import { listAccessLog } from "@/lib/services/list-access-log";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accessLog"))("title") };
}

export default async function AccessLogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const input = filterParams(params);
  // Filters or a page link that are not valid (edited by hand, say): the notice says which, with the first page offered.
  const result = await loadFiltered(() => listAccessLog({ ctx, input }), accessLogQuerySchema, input);
  const page = result.data;
  const [t, tRoles, tAll, locale] = await Promise.all([getTranslations("accessLog"), getTranslations("roles"), getTranslations(), getLocale()]);
  const basePath = "/company/access-log";
  const filtered = input.breakGlass === "true" || "from" in input || "to" in input;
  const errorOf = filterErrors(result, (key) => tAll(key as "validation.required"));

  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Notice kind="info">{t("pseudonymNote")}</Notice>
      <FilterCard
        title={t("filtersHeading")}
        action={basePath}
        errors={result.errors}
        formFields={["from", "to"]}
        refused={{ heading: t("invalidHeading"), body: t("invalidBody") }}
        submitLabel={t("show")}
        resetLabel={t("showAll")}
        hint={{ id: "access-log-range-hint", text: t("rangeHint") }}
      >
        <div className="grid gap-x-6 md:grid-cols-2">
          <TimeRangeFields labels={{ from: t("from"), to: t("to") }} values={{ from: firstValue(params, "from"), to: firstValue(params, "to") }} errorOf={errorOf} />
        </div>
        <label className="mb-4 flex items-center gap-2">
          <input type="checkbox" name="breakGlass" value="true" defaultChecked={firstValue(params, "breakGlass") === "true"} className="h-4 w-4" />
          {t("breakGlassOnly")}
        </label>
      </FilterCard>
      {page && (
        <Card title={t("resultsHeading")}>
          <p className="mb-1">
            <a href={`/api/v1/organisation/access-log/export.csv${queryString(params, ["cursor", "limit"])}`} download data-testid="access-log-export">
              {t("export")}
            </a>
          </p>
          <p className="mb-4 text-sm text-slate-700">{t("exportHint")}</p>
          {page.items.length === 0 ? (
            <p>{filtered ? t("noneMatch") : t("none")}</p>
          ) : (
            <DataTable
              captionId="access-log-caption"
              caption={t("caption")}
              columns={(["time", "agency", "role", "official", "access", "purpose", "breakGlass"] as const).map((key) => ({ key, label: t(key) }))}
            >
              {page.items.map((e) => (
                <Row key={e.id} className={e.breakGlass ? "bg-amber-50" : undefined} data-testid="access-row">
                  <Cell className="whitespace-nowrap">
                    <time dateTime={e.occurredAt}>{formatEventTime(locale, e.occurredAt)}</time>
                    {/* The event's number: what to quote to the auditors, who open it by that number. */}
                    <span className="block text-sm text-slate-700">{t("reference", { id: e.id })}</span>
                  </Cell>
                  <Cell>{e.agency ? localName(locale, e.agency) : e.party === "government" ? t("unknown") : t(`parties.${e.party}`)}</Cell>
                  <Cell>{e.role ? tRoles(e.role) : t("unknown")}</Cell>
                  <Cell className="font-mono">{e.official}</Cell>
                  <Cell>
                    {actionText(t, e.action)}
                    {e.outcome !== "allowed" && <span className="block text-slate-700">{t(`outcomes.${e.outcome}`)}</span>}
                  </Cell>
                  <Cell>{purposeText(t, e.purpose) ?? t("noPurpose")}</Cell>
                  <Cell>{e.breakGlass ? <strong className="text-amber-900">{t("breakGlassYes")}</strong> : t("breakGlassNo")}</Cell>
                </Row>
              ))}
            </DataTable>
          )}
          <Pagination params={params} basePath={basePath} nextCursor={page.nextCursor} />
        </Card>
      )}
    </>
  );
}
