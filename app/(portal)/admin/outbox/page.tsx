import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { loadForPage, requirePageContext, requirePageView } from "@/lib/auth/page-guard";
import { formatDateTime } from "@/lib/i18n/format";
import { outboxConfig } from "@/lib/notifications/config";
import { listEmailOutbox, type OutboxEntry } from "@/lib/services/list-email-outbox";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("advisories.outbox"))("title") };
}

const stateKey = (e: OutboxEntry) => (e.retrying ? "retrying" : e.state === "sent" && e.transport === "log" ? "logged" : e.state);

/** The email outbox for platform admins: state, attempts and last error of each message, never its body. */
export default async function OutboxPage() {
  const ctx = await requirePageContext();
  await requirePageView(ctx, "notification.read_outbox", "/admin/outbox");
  const [view, t, locale] = await Promise.all([loadForPage(() => listEmailOutbox({ ctx, input: {} })), getTranslations("advisories.outbox"), getLocale()]);
  const { delivery } = outboxConfig();
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      {delivery !== "smtp" && <Notice kind={delivery === "held" ? "error" : "info"}>{t(delivery === "held" ? "smtpHeld" : "noSmtp")}</Notice>}
      <Card title={t("title")}>
        <p className="mb-3 font-medium" data-testid="outbox-counts">
          {t("counts", view.counts)}
        </p>
        {view.entries.length ? (
          <ScrollRegion label={t("caption")}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t("caption")}</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">{t("created")}</th>
                  <th scope="col" className="py-2 pr-3">{t("kind")}</th>
                  <th scope="col" className="py-2 pr-3">{t("to")}</th>
                  <th scope="col" className="py-2 pr-3">{t("subject")}</th>
                  <th scope="col" className="py-2 pr-3">{t("state")}</th>
                  <th scope="col" className="py-2 pr-3">{t("attempts")}</th>
                  <th scope="col" className="py-2 pr-3">{t("next")}</th>
                  <th scope="col" className="py-2">{t("error")}</th>
                </tr>
              </thead>
              <tbody>
                {view.entries.map((e) => (
                  <tr key={e.id} className="border-b border-slate-200" data-testid="outbox-row">
                    <td className="py-2 pr-3">{formatDateTime(locale, e.createdAt)}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{e.kind}</td>
                    <td className="py-2 pr-3">{e.to}</td>
                    <td className="py-2 pr-3">{e.subject}</td>
                    <td className="py-2 pr-3">{t(`states.${stateKey(e)}`)}</td>
                    <td className="py-2 pr-3">{t("attemptsValue", { attempts: e.attempts, max: e.maxAttempts })}</td>
                    <td className="py-2 pr-3">{e.nextAttemptAt ? formatDateTime(locale, e.nextAttemptAt) : "—"}</td>
                    <td className="py-2 font-mono text-xs">{e.cancelReason ? t(`cancelReasons.${e.cancelReason}`) : (e.lastError ?? "")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>{t("empty")}</p>
        )}
      </Card>
    </>
  );
}
