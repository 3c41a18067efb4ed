import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/ui/page-heading";

/** What a page that is not there (or not the reader's) says, inside whichever frame holds it. */
export async function NotFoundContent() {
  const t = await getTranslations("errors");
  return (
    <>
      <PageHeading title={t("notFoundTitle")} intro={t("notFoundBody")} />
      <p>
        <Link href="/">{t("home")}</Link>
      </p>
    </>
  );
}
