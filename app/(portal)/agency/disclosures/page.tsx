import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DisclosureTable } from "@/components/disclosures/disclosure-table";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { filterParams } from "@/app/(portal)/_disclosures/shared";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { QueueSelect } from "@/app/(portal)/_filters/queue-select";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { disclosureStatuses } from "@/db/schema";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { disclosureListQuerySchema } from "@/lib/schemas/disclosure";
import { listDisclosures } from "@/lib/services/list-disclosures";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.agency"))("title") };
}

/** The review queue by default (`queue=true`); `queue=false` lists every disclosure in scope. */
export default async function AgencyDisclosuresPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "disclosure.review", "/agency/disclosures");
  const params = await searchParams;
  const input = { queue: "true", ...filterParams(params) };
  const queue = input.queue === "true";
  const result = await loadFiltered(() => listDisclosures({ ctx, input }), disclosureListQuerySchema, input);
  const [t, tAll] = await Promise.all([getTranslations("disclosures"), getTranslations()]);
  const errorOf = filterErrors(result, tAll);
  const basePath = "/agency/disclosures";
  return (
    <>
      <PageHeading title={t("agency.title")} intro={t("agency.intro")} />
      <FilterCard
        title={t("list.filtersHeading")}
        action={basePath}
        errors={result.errors}
        formFields={["queue", "period", "status"]}
        refused={{ heading: t("list.invalidHeading"), body: t("list.invalidBody") }}
        submitLabel={t("list.filter")}
        resetLabel={t("list.clear")}
      >
        <div className="grid gap-x-6 md:grid-cols-3">
          <QueueSelect queue={queue} error={errorOf("queue")} labels={{ show: t("agency.show"), queue: t("agency.queue"), all: t("agency.all") }} />
          <Field label={t("list.period")} hint={t("create.periodHint")} name="period" defaultValue={firstValue(params, "period")} error={errorOf("period")} autoComplete="off" />
          <SelectField
            label={t("list.status")}
            name="status"
            defaultValue={firstValue(params, "status")}
            error={errorOf("status")}
            options={[{ value: "", label: t("list.anyStatus") }, ...disclosureStatuses.filter((s) => s !== "draft").map((s) => ({ value: s, label: t(`statuses.${s}`) }))]}
          />
        </div>
      </FilterCard>
      {result.data && (
        <Card title={queue ? t("agency.queueHeading") : t("agency.allHeading")}>
          <p className="mb-3 text-sm text-slate-700">{t("agency.openNotice")}</p>
          <DisclosureTable items={result.data.items} basePath={basePath} caption={queue ? t("agency.queueCaption") : t("agency.allCaption")} showCompany />
          <Pagination params={params} basePath={basePath} nextCursor={result.data.nextCursor} />
        </Card>
      )}
    </>
  );
}
