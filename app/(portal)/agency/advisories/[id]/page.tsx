import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AcknowledgementList } from "@/components/advisories/acknowledgement-list";
import { AdvisoryContent } from "@/components/advisories/advisory-content";
import { ReachSummary } from "@/components/advisories/reach-summary";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { OutcomeNotice } from "@/components/ui/outcome-notice";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { productNames } from "@/app/(portal)/_disclosures/shared";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { can } from "@/lib/authz/policy";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { countryName } from "@/lib/countries";
import { formatDateTime, formatList, localName } from "@/lib/i18n/format";
import { isSectorCode } from "@/db/schema";
import { getAdvisory } from "@/lib/services/get-advisory";
import { listAdvisoryDeliveries } from "@/lib/services/list-advisory-deliveries";
import { listApprovalConflicts } from "@/lib/services/list-approval-conflicts";
import { unchecked } from "@/lib/services/input";
import { previewAdvisoryReach } from "@/lib/services/preview-advisory-reach";
import { ActionsPanel } from "./actions-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("advisories.agency"))("title") };
}

const outcomes = ["created", "saved", "requested", "approved", "returned", "withdrawn", "revised"] as const;

export default async function AgencyAdvisoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "advisory.draft", "/agency/advisories/[id]");
  const { id } = await params;
  const query = await searchParams;
  const locale = await getLocale();
  const advisory = await loadForPage(() => getAdvisory({ ctx, input: { id } }));
  const [t, tErrors, tForm, tSectors, deliveries, products] = await Promise.all([
    getTranslations("advisories.detail"),
    getTranslations("advisories.errors"),
    getTranslations("advisories.form"),
    getTranslations("sectors"),
    advisory.publishedRevision ? loadForPage(() => listAdvisoryDeliveries({ ctx, input: { id } })) : Promise.resolve(null),
    productNames(ctx, locale),
  ]);
  const approver = can(ctx.actor.role, "advisory.approve");
  const open = advisory.status !== "withdrawn" && advisory.status !== "superseded";
  const isDraft = open && advisory.revisionState === "draft";
  const pendingApproval = open && advisory.revisionState === "pending_approval";
  const canRevise = advisory.status === "published" && advisory.revisionState === "published";
  // An approver withdraws any (a published one only an approver); one never published, also its writers.
  const canWithdraw = open && (approver || (advisory.publishedRevision === null && advisory.youWrote === true));
  // A revision awaiting approval goes back to draft by an approver or one of its writers, not a colleague.
  const canReturn = pendingApproval && (approver || advisory.youWrote === true);
  // No writer approves what they wrote (four eyes): an approver who wrote it waits for another, as a reviewer does;
  // nor one who declared a conflict with a company it names, who is told so.
  const conflicted = pendingApproval && approver && advisory.youWrote !== true ? await loadForPage(() => listApprovalConflicts({ ctx, input: { id } })) : [];
  const canApprove = pendingApproval && approver && advisory.youWrote !== true && conflicted.length === 0;
  // The approver sees whom publishing delivers to, as the targets reach now (by the preview's rule of who may be named).
  const reach =
    canApprove && advisory.targets
      ? await loadForPage(() => previewAdvisoryReach({ ctx, input: unchecked({ targets: { ...advisory.targets!, organisations: advisory.targets!.organisations.map((o) => o.id) } }) }))
      : null;
  const outcome = outcomes.find((o) => firstValue(query, o) === "1");
  const lang = locale === "ja" ? "ja" : "en";
  const tOutcome = { created: "created", saved: "saved", requested: "requested", approved: "approved", returned: "returnedNotice", withdrawn: "withdrawnNotice", revised: "revised" } as const;
  return (
    <>
      <PageHeading title={advisory.title} />
      {outcome && <OutcomeNotice key={outcome}>{t(tOutcome[outcome])}</OutcomeNotice>}
      {advisory.returned && (
        <Notice kind="info" title={t("returnedTitle")}>
          <p>{t("returnedBy", { name: advisory.returned.by.name, at: formatDateTime(locale, advisory.returned.at) })}</p>
          <p className="mt-1 whitespace-pre-line" data-testid="return-reason">
            {advisory.returned.reason}
          </p>
        </Notice>
      )}
      <AdvisoryContent advisory={advisory} />

      {advisory.targets && (
        <Card title={t("targetsHeading")}>
          <dl className="grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2" data-testid="targets">
            <dt className="font-medium">{tForm("products")}</dt>
            <dd>{formatList(locale, advisory.targets.products.map((code) => products[code] ?? code)) || t("none")}</dd>
            <dt className="font-medium">{tForm("countries")}</dt>
            <dd>{formatList(locale, advisory.targets.countries.map((code) => countryName(code, lang))) || t("none")}</dd>
            <dt className="font-medium">{tForm("sectors")}</dt>
            <dd>{formatList(locale, advisory.targets.sectors.map((code) => (isSectorCode(code) ? tSectors(code) : code))) || t("none")}</dd>
            <dt className="font-medium">{tForm("companies")}</dt>
            <dd>{formatList(locale, advisory.targets.organisations.map((o) => localName(locale, o.name))) || t("none")}</dd>
          </dl>
        </Card>
      )}

      {open && (
        <Card title={t("actionsHeading")}>
          {pendingApproval && !canApprove && (
            <p className="mb-3" data-testid="awaiting-approval">
              {conflicted.length > 0
                ? tErrors("conflict_of_interest", { companies: formatList(locale, conflicted.map((c) => (lang === "ja" ? c.ja : c.en))) })
                : t("awaitingApproval")}
            </p>
          )}
          {isDraft && advisory.youWrote !== true && <p className="mb-3">{t("draftOfColleague")}</p>}
          <div className="mb-4 flex flex-wrap gap-6">
            {isDraft && <Link href={`/agency/advisories/${id}/edit`}>{t("edit")}</Link>}
            {canRevise && <Link href={`/agency/advisories/${id}/revise`}>{t("revise")}</Link>}
            {canRevise && <Link href={`/agency/advisories/new?supersedes=${id}`}>{t("supersede")}</Link>}
          </div>
          {reach && <ReachSummary reach={reach} hint={t("reachNowHint")} namedSome={advisory.targets!.organisations.length > 0} />}
          <ActionsPanel id={id} revision={advisory.revision} canRequest={isDraft && advisory.youWrote === true} canApprove={canApprove} canReturn={canReturn} canWithdraw={canWithdraw} reachCount={reach?.count ?? null} />
        </Card>
      )}

      {advisory.progress && advisory.publishedRevision !== null && (
        <Card title={t("progressHeading")}>
          <p className="mb-3 font-medium" data-testid="progress">
            {t("progressSummary", advisory.progress)}
          </p>
          {deliveries?.items.length ? (
            <ScrollRegion label={t("deliveriesCaption")}>
              <table className="mb-3 w-full text-left text-sm">
                <caption className="sr-only">{t("deliveriesCaption")}</caption>
                <thead>
                  <tr className="border-b border-slate-300">
                    <th scope="col" className="py-2 pr-3">{t("company")}</th>
                    <th scope="col" className="py-2 pr-3">{t("delivered")}</th>
                    <th scope="col" className="py-2 pr-3">{t("read")}</th>
                    <th scope="col" className="py-2">{t("acknowledgedWithNotes")}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.items.map((d) => (
                    <tr key={d.company.id} className="border-b border-slate-200" data-testid="delivery-row">
                      <th scope="row" className="py-2 pr-3 text-left font-medium">{localName(locale, d.company.name)}</th>
                      <td className="py-2 pr-3">{formatDateTime(locale, d.deliveredAt)}</td>
                      <td className="py-2 pr-3">{d.firstReadAt ? t("byWhom", { at: formatDateTime(locale, d.firstReadAt), name: d.firstReadBy ?? "" }) : t("notYet")}</td>
                      <td className="py-2">{d.acknowledgements.length ? <AcknowledgementList acknowledgements={d.acknowledgements} /> : t("notYet")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ) : (
            !deliveries?.others.delivered && <p>{t("noDeliveries")}</p>
          )}
          {deliveries && deliveries.others.delivered > 0 && (
            <p className="mb-3" data-testid="other-deliveries">
              {t("otherDeliveries", deliveries.others)}
            </p>
          )}
          <a href={`/api/v1/advisories/${id}/deliveries.csv`} download>
            {t("csv")}
          </a>
        </Card>
      )}

      <Card title={t("exports")}>
        <ul className="flex flex-wrap gap-6">
          <li>
            <a href={`/api/v1/advisories/${id}/csaf`}>{t("csaf")}</a>
          </li>
          <li>
            <a href={`/api/v1/advisories/${id}/cap`}>{t("cap")}</a>
          </li>
        </ul>
      </Card>
      <p>
        <Link href="/agency/advisories">{t("back")}</Link>
      </p>
    </>
  );
}
