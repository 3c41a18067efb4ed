import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AcknowledgementList } from "@/components/advisories/acknowledgement-list";
import { AdvisoryContent } from "@/components/advisories/advisory-content";
import { Card } from "@/components/ui/card";
import { OutcomeNotice } from "@/components/ui/outcome-notice";
import { PageHeading } from "@/components/ui/page-heading";
import { firstValue, type RawSearchParams } from "@/app/(portal)/_filters/search-params";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { formatDateTime } from "@/lib/i18n/format";
import { getAdvisory } from "@/lib/services/get-advisory";
import { AcknowledgeForm } from "./acknowledge-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("advisories.inbox"))("title") };
}

/** Opening the page is the read receipt (the service records the first opening of each revision). */
export default async function CompanyAdvisoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "advisory.read_delivered", "/company/advisories/[id]");
  const { id } = await params;
  const query = await searchParams;
  const [advisory, t, tDetail, locale] = await Promise.all([
    loadForPage(() => getAdvisory({ ctx, input: { id } })),
    getTranslations("advisories.acknowledge"),
    getTranslations("advisories.detail"),
    getLocale(),
  ]);
  const d = advisory.delivery;
  const acknowledged = d && d.acknowledgedRevision === d.revision;
  return (
    <>
      <PageHeading title={advisory.title} />
      {firstValue(query, "acknowledged") === "1" && <OutcomeNotice>{t("sent")}</OutcomeNotice>}
      <AdvisoryContent advisory={advisory} />
      <Card title={t("heading")}>
        {!d && <p>{t("notDelivered")}</p>}
        {d && advisory.contentWithdrawn && !acknowledged && <p>{t("withdrawn")}</p>}
        {d && acknowledged && (
          <p data-testid="acknowledged">{t("done", { at: formatDateTime(locale, d.acknowledgedAt), name: d.acknowledgedBy ?? "", revision: d.acknowledgedRevision ?? d.revision })}</p>
        )}
        {d && !acknowledged && !advisory.contentWithdrawn && (
          <>
            {d.acknowledgedRevision !== null && <p className="mb-3">{t("newRevision", { revision: d.acknowledgedRevision })}</p>}
            <AcknowledgeForm id={advisory.id} revision={d.revision} />
          </>
        )}
        {d && d.acknowledgements.length > 0 && (
          <>
            <h3 className="mb-2 mt-4 text-base font-semibold text-slate-900">{t("history")}</h3>
            <AcknowledgementList acknowledgements={d.acknowledgements} />
          </>
        )}
      </Card>
      {/* The machine-readable forms, as the API serves them to the company (under limited disclosure, each download is recorded). */}
      {!advisory.contentWithdrawn && (
        <Card title={tDetail("exports")}>
          <ul className="flex flex-wrap gap-6">
            <li>
              <a href={`/api/v1/advisories/${advisory.id}/csaf`}>{tDetail("csaf")}</a>
            </li>
            <li>
              <a href={`/api/v1/advisories/${advisory.id}/cap`}>{tDetail("cap")}</a>
            </li>
          </ul>
        </Card>
      )}
      <p>
        <Link href="/company/advisories">{tDetail("back")}</Link>
      </p>
    </>
  );
}
