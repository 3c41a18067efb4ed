import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { CompareTable } from "@/components/disclosures/compare-table";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { getDisclosureVersion } from "@/lib/services/get-disclosure";
import { positiveInt, productNames } from "./shared";

type Query = Record<string, string | string[] | undefined>;

/** Two versions side by side (`?from=1&to=2`); each read is audited for agency staff. */
export async function ComparePage({ id, query, basePath }: { id: string; query: Query; basePath: string }) {
  const ctx = await requirePageContext();
  const [t, locale] = await Promise.all([getTranslations("disclosures"), getLocale()]);
  const fromNumber = positiveInt(query.from);
  const toNumber = positiveInt(query.to);
  const back = (
    <p>
      <Link href={`${basePath}/${id}`}>{t("version.back")}</Link>
    </p>
  );
  if (fromNumber === null || toNumber === null) {
    return (
      <>
        <PageHeading title={t("compare.titleAny")} />
        <Notice kind="error" title={t("compare.invalidHeading")}>
          {t("compare.invalid")}
        </Notice>
        {back}
      </>
    );
  }
  const [from, to] = await Promise.all([
    loadForPage(() => getDisclosureVersion({ ctx, input: { id, number: fromNumber } })),
    loadForPage(() => getDisclosureVersion({ ctx, input: { id, number: toNumber } })),
  ]);
  const products = await productNames(ctx, locale);
  const notesChanged = (from.notes ?? "") !== (to.notes ?? "");
  return (
    <>
      <PageHeading title={t("compare.title", { from: from.number, to: to.number })} intro={t("compare.intro")} />
      <Card title={t("compare.itemsHeading")}>
        <CompareTable from={from} to={to} products={products} />
      </Card>
      <Card title={t("detail.notes")}>
        <p className="mb-2 font-semibold">{notesChanged ? t("compare.notesChanged") : t("compare.notesSame")}</p>
        {notesChanged && (
          <dl className="grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
            <dt className="font-medium">{t("compare.version", { number: from.number })}</dt>
            <dd className="whitespace-pre-wrap">{from.notes || t("detail.noNotes")}</dd>
            <dt className="font-medium">{t("compare.version", { number: to.number })}</dt>
            <dd className="whitespace-pre-wrap">{to.notes || t("detail.noNotes")}</dd>
          </dl>
        )}
      </Card>
      {back}
    </>
  );
}
