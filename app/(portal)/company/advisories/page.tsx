import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AdvisoryTable } from "@/components/advisories/advisory-table";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { filterParams } from "@/app/(portal)/_disclosures/shared";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { advisorySeverities } from "@/db/schema";
import { requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { advisoryListQuerySchema } from "@/lib/schemas/advisory";
import { listAdvisories } from "@/lib/services/list-advisories";

export async function generateMetadata(): Promise<Metadata> {
  // The feed announced to browsers and feed readers that look for it on the page.
  return { title: (await getTranslations("advisories.inbox"))("title"), alternates: { types: { "application/atom+xml": feedPath(await getLocale()) } } };
}

/** The company's feed, its own words in the page's language. */
const feedPath = (locale: string) => `/api/v1/advisories/feed.atom${locale === "ja" ? "?lang=ja" : ""}`;

/** The company's inbox: unread count, severity badges, filters. */
export default async function CompanyAdvisoriesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "advisory.read_delivered", "/company/advisories");
  const params = await searchParams;
  const input = filterParams(params);
  const result = await loadFiltered(() => listAdvisories({ ctx, input }), advisoryListQuerySchema, input);
  const [t, tAll, locale] = await Promise.all([getTranslations("advisories"), getTranslations(), getLocale()]);
  const errorOf = filterErrors(result, tAll);
  const basePath = "/company/advisories";
  const flag = (name: string) => (
    <label className="mb-4 flex items-center gap-2">
      <input type="checkbox" name={name} value="true" defaultChecked={firstValue(params, name) === "true"} className="h-4 w-4" />
      {t(`filters.${name as "unread" | "unacknowledged"}`)}
    </label>
  );
  return (
    <>
      <PageHeading title={t("inbox.title")} intro={t("inbox.intro")} />
      {result.data && (
        <p className="mb-4 text-lg font-semibold" role="status" aria-label={t("inbox.title")} data-testid="unread-count">
          {t("inbox.unread", { count: result.data.unreadCount ?? 0 })}
        </p>
      )}
      <FilterCard
        title={t("filters.heading")}
        action={basePath}
        errors={result.errors}
        formFields={["severity"]}
        refused={{ heading: t("filters.invalid"), body: t("filters.invalidBody") }}
        submitLabel={t("filters.apply")}
        resetLabel={t("filters.clear")}
      >
        <div className="grid items-end gap-x-6 md:grid-cols-3">
          <SelectField
            label={t("filters.severity")}
            name="severity"
            defaultValue={firstValue(params, "severity")}
            error={errorOf("severity")}
            options={[{ value: "", label: t("filters.anySeverity") }, ...advisorySeverities.map((s) => ({ value: s, label: t(`severities.${s}`) }))]}
          />
          {flag("unread")}
          {flag("unacknowledged")}
        </div>
      </FilterCard>
      {result.data && (
        <Card title={t("inbox.title")}>
          <AdvisoryTable items={result.data.items} basePath={basePath} caption={t("inbox.caption")} view="company" />
          <Pagination params={params} basePath={basePath} nextCursor={result.data.nextCursor} />
        </Card>
      )}
      <Card title={t("inbox.feedHeading")}>
        <p className="mb-2">{t("inbox.feedBody")}</p>
        <p>
          <a href={feedPath(locale)} type="application/atom+xml" data-testid="advisory-feed">
            {t("inbox.feedLink")}
          </a>
        </p>
      </Card>
    </>
  );
}
