import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { localName, tokyoToday } from "@/lib/i18n/format";
import { listOwnConflicts } from "@/lib/services/list-own-conflicts";
import { conflictEntry } from "../../_conflicts/conflict-entry";
import { ConflictForm } from "../../_conflicts/conflict-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("conflicts"))("title") };
}

export default async function OwnConflictsPage() {
  const ctx = await requirePageContext();
  const [{ declarations, companies }, t, locale] = await Promise.all([loadForPage(() => listOwnConflicts({ ctx, input: undefined })), getTranslations("conflicts"), getLocale()]);
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("heading")}>
        {declarations.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ul className="space-y-2">
            {declarations.map((c) => (
              <li key={c.id} data-testid="conflict-row">
                {conflictEntry(t, locale, c)}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("declareHeading")}>
        <ConflictForm companies={companies.map((o) => ({ value: o.id, label: localName(locale, o) }))} today={tokyoToday()} />
      </Card>
    </>
  );
}
