import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PageFrame } from "@/components/shell/page-frame";
import { SiteHeader } from "@/components/shell/site-header";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { formatDateTime } from "@/lib/i18n/format";
import { isDemoMode } from "@/lib/services/list-demo-sign-in-codes";
import { listDemoMailbox } from "@/lib/services/list-demo-mailbox";
import { setLanguage } from "../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { referrer: "no-referrer", title: (await getTranslations("demoMailbox"))("title") };
}

/** The demo's stand-in for a mail client: the outbox's messages with their links. Not there outside the demo. */
export default async function DemoMailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!isDemoMode()) notFound();
  const [t, locale, requestHeaders, { to }] = await Promise.all([getTranslations("demoMailbox"), getLocale(), headers(), searchParams]);
  const messages = await listDemoMailbox({ ctx: await contextFromHeaders(requestHeaders, null), input: { to: typeof to === "string" ? to.slice(0, 320) : undefined } });
  return (
    <PageFrame header={<SiteHeader nav={[]} setLanguage={setLanguage} />}>
      <PageHeading title={t("title")} intro={t("intro")} />
      {messages.length === 0 && <p>{t("empty")}</p>}
      {messages.map((m) => (
        <Card key={m.id} title={m.subject} headingLevel={2}>
          <p className="text-sm text-slate-700" data-testid="mail-to">
            {t("to", { to: m.to, at: formatDateTime(locale, m.createdAt) })}
          </p>
          <pre className="mt-2 whitespace-pre-wrap break-all font-sans" data-testid="mail-body">
            {m.text}
          </pre>
        </Card>
      ))}
    </PageFrame>
  );
}
