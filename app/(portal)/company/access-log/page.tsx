import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { Pagination } from "@/app/(portal)/_disclosures/pagination";
import { formatEventTime, presentParams, type RawSearchParams } from "@/app/(portal)/oversight/events/search-params";
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
  const actionText = (action: string) => {
    const key = `actions.${action.replaceAll(".", "_")}`;
    return t.has(key) ? t(key) : action;
  };

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
          <div className="overflow-x-auto" role="region" aria-labelledby="access-log-caption" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <caption id="access-log-caption" className="mb-2 text-left font-medium text-slate-900">
                {t("caption")}
              </caption>
              <thead>
                <tr className="border-b border-slate-300">
                  {(["time", "agency", "role", "official", "access", "purpose", "breakGlass"] as const).map((c) => (
                    <th key={c} scope="col" className="py-2 pr-3">
                      {t(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.id} className={`border-b border-slate-200 ${e.breakGlass ? "bg-amber-50" : ""}`} data-testid="access-row">
                    <td className="whitespace-nowrap py-2 pr-3">
                      <time dateTime={e.occurredAt}>{formatEventTime(locale, e.occurredAt)}</time>
                    </td>
                    <td className="py-2 pr-3">{e.agency ? localName(locale, e.agency) : t("unknown")}</td>
                    <td className="py-2 pr-3">{e.role ? tRoles(e.role) : t("unknown")}</td>
                    <td className="py-2 pr-3 font-mono">{e.official}</td>
                    <td className="py-2 pr-3">
                      {actionText(e.action)}
                      {e.outcome !== "allowed" && <span className="block text-slate-700">{t(`outcomes.${e.outcome}`)}</span>}
                    </td>
                    <td className="py-2 pr-3">{e.purpose ?? t("noPurpose")}</td>
                    <td className="py-2 pr-3">{e.breakGlass ? <strong className="text-amber-900">{t("breakGlassYes")}</strong> : t("breakGlassNo")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination params={params} basePath="/company/access-log" nextCursor={page?.nextCursor ?? null} />
      </Card>
    </>
  );
}
