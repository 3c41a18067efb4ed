import { useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import type { Disclosure } from "@/lib/schemas/disclosure";
import { DisclosureFacts } from "./disclosure-facts";
import type { ProductNames } from "./item-text";
import { ItemsTable } from "./items-table";
import { NotesLine } from "./notes-line";
import { ReviewsList } from "./reviews-list";

/** What agency staff see of a disclosure: its facts, the latest version's items and notes, and the reviews. */
export function DisclosureReadOnly({ disclosure, products, countries }: { disclosure: Disclosure; products: ProductNames; countries: Record<string, string> }) {
  const t = useTranslations("disclosures");
  return (
    <>
      <Card title={t("detail.overviewHeading")}>
        <DisclosureFacts disclosure={disclosure} showCompany />
      </Card>
      <Card title={t("agency.latestHeading", { number: disclosure.latestVersion })}>
        <ItemsTable id="latest-items" items={disclosure.items} products={products} countries={countries} caption={t("agency.latestCaption", { number: disclosure.latestVersion })} />
        <NotesLine notes={disclosure.notes} />
      </Card>
      <Card title={t("detail.reviewsHeading")}>
        <ReviewsList reviews={disclosure.reviews} />
      </Card>
    </>
  );
}
