import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DisclosureTable } from "@/components/disclosures/disclosure-table";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { disclosureStatuses } from "@/db/schema";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { disclosureListQuerySchema } from "@/lib/schemas/disclosure";
import { listDisclosures } from "@/lib/services/list-disclosures";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { filterParams } from "@/app/(portal)/_disclosures/shared";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { periodOf } from "@/lib/insights/periods";
import { CreateDisclosureForm } from "./create-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.list"))("title") };
}

export default async function CompanyDisclosuresPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "disclosure.read_own", "/company/disclosures");
  const params = await searchParams;
  const input = filterParams(params);
  const result = await loadFiltered(() => listDisclosures({ ctx, input }), disclosureListQuerySchema, input);
  const [t, tAll] = await Promise.all([getTranslations("disclosures"), getTranslations()]);
  const errorOf = filterErrors(result, tAll);
  const basePath = "/company/disclosures";
  return (
    <>
      <PageHeading title={t("list.title")} intro={t("list.intro")} />
      <Card title={t("create.heading")}>
        <p className="mb-4 text-slate-700">{t("create.intro")}</p>
        <CreateDisclosureForm suggestedPeriod={periodOf(new Date())} />
      </Card>
      <FilterCard
        title={t("list.filtersHeading")}
        action={basePath}
        errors={result.errors}
        formFields={["period", "status"]}
        refused={{ heading: t("list.invalidHeading"), body: t("list.invalidBody") }}
        submitLabel={t("list.filter")}
        resetLabel={t("list.clear")}
      >
        <div className="grid gap-x-6 md:grid-cols-2">
          <Field label={t("list.period")} hint={t("create.periodHint")} name="period" defaultValue={firstValue(params, "period")} error={errorOf("period")} autoComplete="off" />
          <SelectField
            label={t("list.status")}
            name="status"
            defaultValue={firstValue(params, "status")}
            error={errorOf("status")}
            options={[{ value: "", label: t("list.anyStatus") }, ...disclosureStatuses.map((s) => ({ value: s, label: t(`statuses.${s}`) }))]}
          />
        </div>
      </FilterCard>
      {result.data && (
        <Card title={t("list.resultsHeading")}>
          <DisclosureTable items={result.data.items} basePath={basePath} caption={t("list.caption")} showCompany={false} />
          <Pagination params={params} basePath={basePath} nextCursor={result.data.nextCursor} />
        </Card>
      )}
    </>
  );
}
