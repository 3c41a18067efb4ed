import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { DisclosureFacts } from "@/components/disclosures/disclosure-facts";
import { ItemsTable } from "@/components/disclosures/items-table";
import { NotesLine } from "@/components/disclosures/notes-line";
import { ReviewsList } from "@/components/disclosures/reviews-list";
import { VersionsList } from "@/components/disclosures/versions-list";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { countryNames } from "@/lib/countries";
import { ownRevision } from "@/lib/schemas/disclosure";
import { getDisclosure } from "@/lib/services/get-disclosure";
import { countryOptions, positiveInt, productOptions } from "@/app/(portal)/_disclosures/shared";
import { DraftEditor } from "./draft-editor";
import { WithdrawPanel } from "./withdraw-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("disclosures.detail"))("metaTitle") };
}

const withdrawable = new Set(["draft", "submitted", "under_review", "changes_requested"]);
const asSubmitted = new Set(["submitted", "under_review", "accepted"]);

type Query = Record<string, string | string[] | undefined>;

export default async function CompanyDisclosurePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Query> }) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const ctx = await requirePageContext();
  await requirePageView(ctx, "disclosure.read_own", "/company/disclosures/[id]");
  const disclosure = await loadForPage(() => getDisclosure({ ctx, input: { id } }));
  const [t, locale] = await Promise.all([getTranslations("disclosures"), getLocale()]);
  const products = await productOptions(ctx, locale);
  const productNames = Object.fromEntries(products.map((p) => [p.value, p.label]));
  const basePath = `/company/disclosures/${id}`;
  const submitted = positiveInt(query.submitted);

  return (
    <>
      <PageHeading title={t("detail.title", { period: disclosure.reportingPeriod })} intro={t("detail.intro")} />
      {submitted !== null && submitted === disclosure.latestVersion && <Notice kind="success">{t("submit.done", { number: submitted })}</Notice>}
      {query.withdrawn === "1" && disclosure.status === "withdrawn" && <Notice kind="success">{t("withdraw.done")}</Notice>}
      {disclosure.status === "changes_requested" && <Notice kind="info">{t("detail.changesRequested")}</Notice>}
      <Card title={t("detail.overviewHeading")}>
        <DisclosureFacts disclosure={disclosure} />
      </Card>
      <Card title={t("detail.reviewsHeading")}>
        <ReviewsList reviews={disclosure.reviews} />
      </Card>
      <Card title={t("detail.itemsHeading")}>
        {disclosure.editable ? (
          <DraftEditor
            id={disclosure.id}
            revision={ownRevision(disclosure)}
            items={disclosure.items}
            notes={disclosure.notes}
            nextVersion={disclosure.latestVersion + 1}
            products={products}
            countries={countryOptions(locale)}
          />
        ) : (
          <>
            {/* Under review or accepted, the working copy is the version submitted; withdrawn, it is what was last saved. */}
            <p className="mb-3 text-slate-700">{t("detail.readOnly", { status: t(`statuses.${disclosure.status}`) })}</p>
            <ItemsTable id="working-items" items={disclosure.items} products={productNames} countries={countryNames(locale)} caption={asSubmitted.has(disclosure.status) ? t("version.caption", { number: disclosure.latestVersion }) : t("detail.itemsCaption")} />
            <NotesLine notes={disclosure.notes} />
          </>
        )}
      </Card>
      <Card title={t("detail.versionsHeading")}>
        <VersionsList versions={disclosure.versions} basePath={basePath} />
      </Card>
      {withdrawable.has(disclosure.status) && (
        <Card title={t("withdraw.heading")}>
          <WithdrawPanel id={disclosure.id} />
        </Card>
      )}
      <p>
        <Link href="/company/disclosures">{t("detail.back")}</Link>
      </p>
    </>
  );
}
