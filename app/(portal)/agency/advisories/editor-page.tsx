import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { getAdvisory } from "@/lib/services/get-advisory";
import { AdvisoryForm } from "./advisory-form";
import { advisoryFormOptions } from "./form-options";
import { formValuesOf } from "./form-values";

/** The working draft in the editor (`mode=edit`), or the next revision of a published one (the revise page). */
export async function AdvisoryEditorPage({ id, mode }: { id: string; mode: "edit" | "revise" }) {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "advisory.draft", `/agency/advisories/[id]/${mode}`);
  const locale = await getLocale();
  const [advisory, t, options] = await Promise.all([loadForPage(() => getAdvisory({ ctx, input: { id } })), getTranslations("advisories.form"), advisoryFormOptions(ctx, locale)]);
  const editable = mode === "edit" ? advisory.revisionState === "draft" && advisory.status !== "withdrawn" : advisory.status === "published" && advisory.revisionState === "published";
  if (!editable) notFound();
  const title = mode === "edit" ? t("editTitle", { reference: advisory.reference }) : t("reviseTitle", { reference: advisory.reference });
  const initial = formValuesOf(advisory, mode);
  return (
    <>
      <PageHeading title={title} intro={t("intro")} />
      <Card title={title}>
        <AdvisoryForm mode={mode} id={advisory.id} version={advisory.version ?? undefined} revision={mode === "revise" ? advisory.revision + 1 : advisory.revision} initial={initial} {...options} />
      </Card>
    </>
  );
}

