import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdvisoryTable } from "@/components/advisories/advisory-table";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { filterParams } from "@/app/(portal)/_disclosures/shared";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { QueueSelect } from "@/app/(portal)/_filters/queue-select";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { advisorySeverities, advisoryStatuses } from "@/db/schema";
import { can } from "@/lib/authz/policy";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { advisoryListQuerySchema } from "@/lib/schemas/advisory";
import { listAdvisories } from "@/lib/services/list-advisories";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("advisories.agency"))("title") };
}

/** The agency's advisories; approvers start on their queue (`queue=true`). */
export default async function AgencyAdvisoriesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "advisory.draft", "/agency/advisories");
  const params = await searchParams;
  const input = { queue: can(ctx.actor.role, "advisory.approve") ? "true" : "false", ...filterParams(params) };
  const queue = input.queue === "true";
  const result = await loadFiltered(() => listAdvisories({ ctx, input }), advisoryListQuerySchema, input);
  const [t, tAll] = await Promise.all([getTranslations("advisories"), getTranslations()]);
  const errorOf = filterErrors(result, tAll);
  const basePath = "/agency/advisories";
  return (
    <>
      <PageHeading title={t("agency.title")} intro={t("agency.intro")} />
      <p className="mb-6">
        <Link href={`${basePath}/new`} className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800 hover:text-white">
          {t("agency.newLink")}
        </Link>
      </p>
      <FilterCard
        title={t("filters.heading")}
        action={basePath}
        errors={result.errors}
        formFields={["queue", "status", "severity"]}
        refused={{ heading: t("filters.invalid"), body: t("filters.invalidBody") }}
        submitLabel={t("filters.apply")}
        resetLabel={t("filters.clear")}
      >
        <div className="grid gap-x-6 md:grid-cols-3">
          <QueueSelect queue={queue} error={errorOf("queue")} labels={{ show: t("agency.show"), queue: t("agency.queue"), all: t("agency.all") }} />
          <SelectField
            label={t("filters.status")}
            name="status"
            defaultValue={firstValue(params, "status")}
            error={errorOf("status")}
            options={[{ value: "", label: t("filters.anyStatus") }, ...advisoryStatuses.map((s) => ({ value: s, label: t(`statuses.${s}`) }))]}
          />
          <SelectField
            label={t("filters.severity")}
            name="severity"
            defaultValue={firstValue(params, "severity")}
            error={errorOf("severity")}
            options={[{ value: "", label: t("filters.anySeverity") }, ...advisorySeverities.map((s) => ({ value: s, label: t(`severities.${s}`) }))]}
          />
        </div>
      </FilterCard>
      {result.data && (
        <Card title={queue ? t("agency.queue") : t("agency.all")}>
          <AdvisoryTable items={result.data.items} basePath={basePath} caption={queue ? t("agency.queueCaption") : t("agency.allCaption")} view="agency" />
          <Pagination params={params} basePath={basePath} nextCursor={result.data.nextCursor} />
        </Card>
      )}
    </>
  );
}
