import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { retentionConfig } from "@/lib/services/prune-retained-data";
import { setLanguage } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("privacy"))("title") };
}

const sections = ["collected", "purpose", "access", "retention", "rights"] as const;

/** What the portal keeps about people and why (ASVS V8.3.3), open to anyone; the periods are this server's own. */
export default async function PrivacyPage() {
  const t = await getTranslations("privacy");
  const retention = retentionConfig();
  const periods = { sessionDays: retention.sessionDays, linkDays: retention.accountLinkDays, emailDays: retention.emailBodyDays };
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <PageHeading title={t("title")} intro={t("intro")} />
      {sections.map((section) => (
        <Card key={section} title={t(`sections.${section}.heading`)}>
          <p className="max-w-3xl text-slate-800">{t(`sections.${section}.body`, periods)}</p>
        </Card>
      ))}
    </PageFrame>
  );
}
