import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { TimeRangeFields } from "@/app/(portal)/_filters/time-range-fields";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageContext } from "@/lib/auth/page-guard";
import { anomalyQuerySchema, anomalyRules, type AnomalyRule } from "@/lib/schemas/anomaly-query";
import { listAnomalies } from "@/lib/services/list-anomalies";
import { firstValue, formatEventTime, presentParams, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { FlagTable } from "./flag-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("anomalies"))("title") };
}

const rangeFields = ["from", "to"] as const;
const pad = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

export default async function AnomaliesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const input = presentParams(params);
  const result = await loadFiltered(() => listAnomalies({ ctx, input }), anomalyQuerySchema, input);
  const [t, tAll, locale] = await Promise.all([getTranslations("anomalies"), getTranslations(), getLocale()]);

  const message = (key: string) => tAll(key as "validation.required");
  const errorOf = filterErrors(result, message);
  const shownValue = (field: "from" | "to") => (result.data ? result.data[field] : firstValue(params, field));

  const thresholds = result.data?.thresholds;
  const describe = (rule: AnomalyRule) => {
    if (!thresholds) return "";
    const values = {
      threshold: rule === "unusual_volume" ? thresholds.readsPerHour : rule === "denial_burst" ? thresholds.denials : thresholds.signInFailures,
      minutes: rule === "denial_burst" ? thresholds.denialMinutes : thresholds.signInMinutes,
      start: pad(thresholds.officeHours.start),
      end: pad(thresholds.officeHours.end),
    };
    return t(`rules.${rule}.description`, values);
  };

  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <FilterCard
        title={t("rangeHeading")}
        action="/oversight/anomalies"
        errors={result.errors}
        formFields={rangeFields}
        refused={{ heading: t("invalidHeading"), body: t("invalidBody") }}
        submitLabel={t("show")}
        resetLabel={t("reset")}
        hint={{ id: "anomaly-range-hint", text: t("rangeHint") }}
      >
        <div className="grid gap-x-6 md:grid-cols-2">
          <TimeRangeFields labels={{ from: t("from"), to: t("to") }} values={{ from: shownValue("from"), to: shownValue("to") }} errorOf={errorOf} />
        </div>
      </FilterCard>
      {result.data && (
        <>
          <p className="mb-2">
            {t("showing", { from: formatEventTime(locale, result.data.from), to: formatEventTime(locale, result.data.to) })}
          </p>
          {result.data.flags.length === 0 ? (
            <Notice kind="info">
              <p data-testid="anomalies-none">{t("none")}</p>
            </Notice>
          ) : (
            <p className="mb-4 font-medium" data-testid="anomalies-total">
              {t("total", { count: result.data.flags.length })}
            </p>
          )}
          <p className="mb-6 text-sm text-slate-700">{t("thresholdNote")}</p>
          {anomalyRules.map((rule) => {
            const flags = result.data.flags.filter((f) => f.rule === rule);
            const name = t(`rules.${rule}.name`);
            return (
              <Card key={rule} title={name}>
                <div data-testid={`anomaly-rule-${rule}`}>
                  <p className="mb-2 text-slate-700">{describe(rule)}</p>
                  <p className="mb-3 text-sm font-medium">{t("ruleFlags", { count: flags.length })}</p>
                  {result.data.truncated.includes(rule) && <Notice kind="info">{t("truncated")}</Notice>}
                  {flags.length === 0 ? (
                    <p>{t("noFlags")}</p>
                  ) : (
                    <FlagTable id={`anomaly-caption-${rule}`} caption={t("caption", { rule: name })} flags={flags} locale={locale} />
                  )}
                </div>
              </Card>
            );
          })}
        </>
      )}
    </>
  );
}
