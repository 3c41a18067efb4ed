import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { NotFoundContent } from "@/components/shell/not-found-content";
import { SiteHeader } from "@/components/shell/site-header";
import { setLanguage } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("errors"))("notFoundTitle") };
}

/**
 * An address no page answers: in the frame the public pages have (skip link, header with the language
 * switch, main landmark, footer). A portal page out of the caller's scope has its own (app/(portal)/not-found.tsx).
 */
export default function NotFound() {
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <NotFoundContent />
    </PageFrame>
  );
}
