import { useLocale, useTranslations } from "next-intl";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { formatDateTime } from "@/lib/i18n/format";
import type { Advisory } from "@/lib/schemas/advisory";
import { AdvisoryBody } from "./advisory-body";
import { AdvisoryStatusBadge, SeverityBadge } from "./badges";
import { TlpBanner } from "./tlp-banner";

/** What every reader of an advisory sees: the TLP rule first, the facts, withdrawal or supersession, the text and the revisions. */
export function AdvisoryContent({ advisory }: { advisory: Advisory }) {
  const t = useTranslations("advisories.detail");
  const tAll = useTranslations("advisories");
  const locale = useLocale();
  const a = advisory;
  return (
    <>
      <TlpBanner tlp={a.tlp} />
      {a.withdrawal && (
        <div className="mb-4 rounded border-l-4 border-red-700 bg-red-50 px-4 py-3 font-semibold text-red-900" data-testid="withdrawal">
          {t("withdrawn", { at: formatDateTime(locale, a.withdrawal.at), reason: a.withdrawal.reason })}
        </div>
      )}
      {a.status === "superseded" && (
        <p className="mb-4 rounded border-l-4 border-slate-500 bg-slate-100 px-4 py-3">
          {/* A replacement the reader was not sent is said to exist, not named. */}
          {a.supersededBy ? t("supersededBy", { reference: a.supersededBy.reference }) : t("supersededByUnnamed")}
        </p>
      )}
      {a.supersedes && <p className="mb-4 text-slate-700">{t("supersedes", { reference: a.supersedes.reference })}</p>}
      <dl className="mb-6 grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
        <dt className="font-medium">{t("reference")}</dt>
        <dd className="font-mono">{a.reference}</dd>
        <dt className="font-medium">{t("status")}</dt>
        <dd>
          <AdvisoryStatusBadge status={a.status} />{" "}
          {/* The revision's own state only where it differs from the advisory's (a published one with a revision being drafted). */}
          <span className="text-sm text-slate-700" data-testid="advisory-revision">
            {a.revisionState === a.status ? t("revision", { number: a.revision }) : t("revisionState", { number: a.revision, state: tAll(`revisionStates.${a.revisionState}`) })}
          </span>
        </dd>
        <dt className="font-medium">{t("severity")}</dt>
        <dd>
          <SeverityBadge severity={a.severity} />
        </dd>
        <dt className="font-medium">{t("agency")}</dt>
        <dd>{locale === "ja" ? a.agency.name.ja : a.agency.name.en}</dd>
        <dt className="font-medium">{t("firstPublished")}</dt>
        <dd>{a.firstPublishedAt ? formatDateTime(locale, a.firstPublishedAt) : t("notPublished")}</dd>
        {a.lastPublishedAt && a.lastPublishedAt !== a.firstPublishedAt && (
          <>
            <dt className="font-medium">{t("lastPublished")}</dt>
            <dd>{formatDateTime(locale, a.lastPublishedAt)}</dd>
          </>
        )}
        {a.author && (
          <>
            <dt className="font-medium">{t("author")}</dt>
            <dd>{a.author.name}</dd>
          </>
        )}
        {a.changeSummary && (
          <>
            <dt className="font-medium">{t("changeSummary")}</dt>
            <dd>{a.changeSummary}</dd>
          </>
        )}
      </dl>
      {a.contentWithdrawn ? (
        <p className="mb-6 max-w-3xl" data-testid="content-withdrawn">
          {t("contentWithdrawn")}
        </p>
      ) : (
        <>
          <section aria-labelledby="summary-heading" className="mb-6">
            <h2 id="summary-heading" className="mb-2 text-lg font-semibold">
              {t("summaryHeading")}
            </h2>
            <p className="max-w-3xl whitespace-pre-line">{a.summary}</p>
          </section>
          <section aria-labelledby="body-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-5">
            <h2 id="body-heading" className="mb-3 text-lg font-semibold">
              {t("bodyHeading")}
            </h2>
            <AdvisoryBody markdown={a.body} />
          </section>
        </>
      )}
      {a.revisions.length > 0 && (
        <section aria-labelledby="revisions-heading" className="mb-6">
          <h2 id="revisions-heading" className="mb-2 text-lg font-semibold">
            {t("revisionsHeading")}
          </h2>
          <ScrollRegion label={t("revisionsCaption")}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t("revisionsCaption")}</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">{t("revisionColumn")}</th>
                  <th scope="col" className="py-2 pr-3">{t("stateColumn")}</th>
                  <th scope="col" className="py-2 pr-3">{t("publishedColumn")}</th>
                  <th scope="col" className="py-2">{t("changeColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {a.revisions.map((r) => (
                  <tr key={r.number} className="border-b border-slate-200">
                    <td className="py-2 pr-3">{t("revision", { number: r.number })}</td>
                    <td className="py-2 pr-3">
                      {tAll(`revisionStates.${r.state}`)}
                      {r.approvedBy && <span className="block text-xs text-slate-700">{t("approvedBy")}: {r.approvedBy.name}</span>}
                    </td>
                    <td className="py-2 pr-3">{r.publishedAt ? formatDateTime(locale, r.publishedAt) : "—"}</td>
                    <td className="py-2">{r.changeSummary ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      )}
    </>
  );
}
