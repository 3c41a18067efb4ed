import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { SessionTable } from "@/components/security/session-table";
import { Card } from "@/components/ui/card";
import { CommandForm, CommandStatus } from "@/components/ui/command-form";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatDateTime } from "@/lib/i18n/format";
import { OWN_DATA_EVENT_LIMIT } from "@/lib/schemas/own-data";
import { getMe } from "@/lib/services/get-me";
import { getOwnSecurity } from "@/lib/services/get-own-security";
import { listOwnSessions } from "@/lib/services/list-own-sessions";
import { revokeSessionAction } from "./actions";
import { EmailLocaleForm, PasswordForm } from "./account-forms";
import { SecondFactorCard } from "./second-factor-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const ctx = await requirePageContext();
  const [me, security, sessions, t, locale] = await Promise.all([
    loadForPage(() => getMe({ ctx, input: undefined })),
    loadForPage(() => getOwnSecurity({ ctx, input: undefined })),
    loadForPage(() => listOwnSessions({ ctx, input: undefined })),
    getTranslations("account"),
    getLocale(),
  ]);
  const tDone = await getTranslations("commandDone");
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("sessionsHeading")}>
        <p className="mb-3 text-slate-700">{t("sessionsIntro")}</p>
        <CommandStatus>
          <SessionTable
            caption={t("sessionsHeading")}
            sessions={sessions}
            actionsLabel={t("signOutSession")}
            action={(row) => (
              <CommandForm
                action={revokeSessionAction}
                fields={{ sessionId: row.id }}
                label={t("signOutSession")}
                ariaLabel={t("signOutSessionLabel", { started: formatDateTime(locale, row.createdAt) })}
                done={tDone("signOutSession")}
                look="dangerLink"
              />
            )}
          />
        </CommandStatus>
      </Card>
      <Card title={t("mfaHeading")}>
        <SecondFactorCard enrolled={security.enrolled} required={security.required} recoveryCodesLeft={security.recoveryCodesLeft} />
      </Card>
      <Card title={t("passwordHeading")}>
        <PasswordForm email={me.user.email} displayName={me.user.displayName} liveTokens={security.liveApiTokens} />
      </Card>
      <Card title={t("emailHeading")}>
        <p className="mb-3 text-slate-700">{t("emailIntro")}</p>
        <EmailLocaleForm initial={{ emailLocale: me.user.emailLocale }} />
      </Card>
      <Card title={t("dataHeading")}>
        <p className="mb-3 text-slate-700">{t("dataIntro", { limit: OWN_DATA_EVENT_LIMIT })}</p>
        <a href="/api/v1/me/export" download data-testid="own-data-export">
          {t("dataDownload")}
        </a>
      </Card>
    </>
  );
}
