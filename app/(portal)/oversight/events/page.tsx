import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { TimeRangeFields } from "@/app/(portal)/_filters/time-range-fields";
import { PageHeading } from "@/components/ui/page-heading";
import { SelectField } from "@/components/ui/select-field";
import { auditEventSchema } from "@/lib/audit/events";
import { requirePageContext } from "@/lib/auth/page-guard";
import { AUDIT_PAGE_SIZE_DEFAULT, auditSearchSchema } from "@/lib/schemas/audit-search";
import { searchAuditEvents } from "@/lib/services/search-audit-events";
import { filterErrors, loadFiltered } from "@/app/(portal)/_filters/load-filtered";
import { FilterCard } from "@/app/(portal)/_filters/filter-card";
import { firstValue, formatEventTime, presentParams, queryString, type RawSearchParams } from "@/app/(portal)/_filters/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auditLog"))("title") };
}

const formFields = ["actor", "organisation", "action", "targetType", "targetId", "outcome", "clientIp", "from", "to", "limit"] as const;
const knownActions = auditEventSchema.options.map((option) => option.shape.action.value);
const pageSizes = ["10", "25", "50", "100", "200"];

/** The usual page sizes, plus the one in the URL if it is another (even an invalid one, shown with its error). */
function pageSizeOptions(current: string) {
  const sizes = current && !pageSizes.includes(current) ? [...pageSizes, current.slice(0, 20)] : pageSizes;
  return sizes.map((size) => ({ value: size, label: size }));
}


export default async function AuditLogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const input = presentParams(params);
  const result = await loadFiltered(() => searchAuditEvents({ ctx, input }), auditSearchSchema, input);
  const [t, tRoles, tAll, locale] = await Promise.all([getTranslations("auditLog"), getTranslations("roles"), getTranslations(), getLocale()]);

  const errorOf = filterErrors(result, (key) => tAll(key as "validation.required"));
  const value = (field: string) => firstValue(params, field);

  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <FilterCard
        title={t("filtersHeading")}
        action="/oversight/events"
        errors={result.errors}
        formFields={formFields}
        refused={{ heading: t("invalidHeading"), body: t("invalidBody") }}
        submitLabel={t("search")}
        resetLabel={t("clear")}
      >
        <div className="grid gap-x-6 md:grid-cols-2">
          <Field label={t("actor")} name="actor" defaultValue={value("actor")} error={errorOf("actor")} autoComplete="off" spellCheck={false} />
          <Field
            label={t("organisation")}
            name="organisation"
            hint={t("organisationHint")}
            defaultValue={value("organisation")}
            error={errorOf("organisation")}
            autoComplete="off"
            spellCheck={false}
          />
          <Field
            label={t("action")}
            name="action"
            hint={t("actionHint")}
            list="audit-actions"
            defaultValue={value("action")}
            error={errorOf("action")}
            autoComplete="off"
            spellCheck={false}
          />
          <SelectField
            label={t("outcome")}
            name="outcome"
            defaultValue={value("outcome")}
            error={errorOf("outcome")}
            options={[
              { value: "", label: t("anyOutcome") },
              { value: "allowed", label: t("outcomes.allowed") },
              { value: "denied", label: t("outcomes.denied") },
              { value: "error", label: t("outcomes.error") },
            ]}
          />
          <Field label={t("targetType")} name="targetType" defaultValue={value("targetType")} error={errorOf("targetType")} autoComplete="off" />
          <Field label={t("targetId")} name="targetId" defaultValue={value("targetId")} error={errorOf("targetId")} autoComplete="off" spellCheck={false} />
          <Field label={t("clientIp")} name="clientIp" defaultValue={value("clientIp")} error={errorOf("clientIp")} autoComplete="off" spellCheck={false} />
        </div>
        <datalist id="audit-actions">
          {knownActions.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <fieldset className="mb-2" aria-describedby="audit-time-hint">
          <legend className="mb-1 font-medium text-slate-900">{t("timeRange")}</legend>
          <p id="audit-time-hint" className="mb-3 text-sm text-slate-700">
            {t("timeHint")}
          </p>
          <div className="grid gap-x-6 md:grid-cols-2">
            <TimeRangeFields labels={{ from: t("from"), to: t("to") }} values={{ from: value("from"), to: value("to") }} errorOf={errorOf} />
          </div>
        </fieldset>
        <SelectField
          label={t("pageSize")}
          name="limit"
          defaultValue={value("limit").slice(0, 20) || String(AUDIT_PAGE_SIZE_DEFAULT)}
          error={errorOf("limit")}
          options={pageSizeOptions(value("limit"))}
        />
      </FilterCard>
      {result.data && (
        <Card title={t("resultsHeading")}>
          <p className="mb-1">
            <a href={`/api/v1/audit/export.csv${queryString(params, ["cursor", "limit"])}`} download data-testid="audit-export">
              {t("export")}
            </a>
          </p>
          <p className="mb-4 text-sm text-slate-700">{t("exportHint")}</p>
          {result.data.items.length === 0 ? (
            <p>{t("noResults")}</p>
          ) : (
            <>
              <p className="mb-2 text-sm text-slate-700" data-testid="audit-count">
                {t("count", { count: result.data.items.length })}
              </p>
              <DataTable
                captionId="audit-caption"
                caption={t("caption")}
                columns={(["event", "time", "actorColumn", "role", "action", "target", "outcome"] as const).map((key) => ({ key, label: t(key) }))}
              >
                {result.data.items.map((e) => (
                  <Row key={e.id} data-testid="audit-event-row">
                    <Cell>
                      <Link href={`/oversight/events/${e.id}`} className="relative inline-block min-w-6">
                        <span className="sr-only">{t("event")} </span>
                        {e.id}
                      </Link>
                    </Cell>
                    <Cell className="whitespace-nowrap">
                      <time dateTime={e.occurredAt}>{formatEventTime(locale, e.occurredAt)}</time>
                    </Cell>
                    <Cell>{e.actorEmail ?? t(e.actorRole ? "system" : "anonymous")}</Cell>
                    <Cell>{e.actorRole ? tRoles(e.actorRole as "auditor") : ""}</Cell>
                    <Cell className="font-mono">{e.action}</Cell>
                    <Cell className="break-all">{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}</Cell>
                    <Cell>{t(`outcomes.${e.outcome}`)}</Cell>
                  </Row>
                ))}
              </DataTable>
            </>
          )}
          {(params.cursor !== undefined || result.data.nextCursor) && (
            <nav aria-label={t("pagination")} className="mt-4">
              <ul className="flex flex-wrap gap-6">
                {params.cursor !== undefined && (
                  <li>
                    <Link href={`/oversight/events${queryString(params, ["cursor"])}`}>{t("firstPage")}</Link>
                  </li>
                )}
                {result.data.nextCursor && (
                  <li>
                    <Link href={`/oversight/events${queryString(params, ["cursor"], { cursor: result.data.nextCursor })}`} rel="next">
                      {t("nextPage")}
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </Card>
      )}
    </>
  );
}
