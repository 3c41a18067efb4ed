import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { actionText, purposeText } from "@/components/audit/access-entry";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { formatEventTime, presentParams, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { ValidationError } from "@/lib/services/errors";
import { listAccessLog } from "@/lib/services/list-access-log";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("accessLog"))("title") };
}

export default async function AccessLogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const page = await loadForPage(() =>
    listAccessLog({ ctx, input: presentParams(params) }).catch((error: unknown) => {
      // A page link that is not valid (edited by hand, say): say so and offer the first page.
      if (error instanceof ValidationError) return null;
      throw error;
    }),
  );
  const [t, tRoles, locale] = await Promise.all([getTranslations("accessLog"), getTranslations("roles"), getLocale()]);

  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Notice kind="info">{t("pseudonymNote")}</Notice>
      <Card title={t("resultsHeading")}>
        {page === null ? (
          <p>{t("invalidPage")}</p>
        ) : page.items.length === 0 ? (
          <p>{t("none")}</p>
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
        <Pagination params={params} basePath="/company/access-log" nextCursor={page?.nextCursor ?? null} />
      </Card>
    </>
  );
}
