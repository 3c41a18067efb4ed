import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AdvisoryEditorPage } from "../../editor-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("advisories.agency"))("title") };
}

export default async function EditAdvisoryPage({ params }: { params: Promise<{ id: string }> }) {
  return AdvisoryEditorPage({ id: (await params).id, mode: "edit" });
}
