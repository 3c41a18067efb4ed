import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { ItemsTable } from "@/components/disclosures/items-table";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { countryNames } from "@/lib/countries";
import { formatDateTime } from "@/lib/i18n/format";
import { getDisclosureVersion } from "@/lib/services/get-disclosure";
import { positiveInt, productNames } from "./shared";

/** One submitted version, read-only (an audited read for agency staff). */
export async function VersionPage({ id, n, basePath }: { id: string; n: string; basePath: string }) {
  const number = positiveInt(n);
  if (number === null) notFound();
  const ctx = await requirePageContext();
  const version = await loadForPage(() => getDisclosureVersion({ ctx, input: { id, number } }));
  const [t, locale] = await Promise.all([getTranslations("disclosures"), getLocale()]);
  const products = await productNames(ctx, locale);
  return (
    <>
      <PageHeading title={t("version.title", { number })} intro={t("version.intro", { date: formatDateTime(locale, version.submittedAt) })} />
      <Card title={t("version.itemsHeading")}>
        <ItemsTable id="version-items" items={version.items} products={products} countries={countryNames(locale)} caption={t("version.caption", { number })} />
      </Card>
      <Card title={t("detail.notes")}>
        <p className="whitespace-pre-wrap">{version.notes || t("detail.noNotes")}</p>
      </Card>
      <p>
        <Link href={`${basePath}/${id}`}>{t("version.back")}</Link>
      </p>
    </>
  );
}
