import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { UserTable } from "@/components/security/user-table";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { localName } from "@/lib/i18n/format";
import { getPlatformOverview } from "@/lib/services/get-platform-overview";
import { listUsers } from "@/lib/services/list-users";
import { InviteForm } from "./invite-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("usersTitle") };
}

export default async function AdminUsersPage() {
  const ctx = await requirePageContext();
  const [users, organisations, t, tRoles, locale] = await Promise.all([
    loadForPage(() => listUsers({ ctx, input: undefined })),
    loadForPage(() => getPlatformOverview({ ctx, input: undefined })),
    getTranslations("admin"),
    getTranslations("roles"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeading title={t("usersTitle")} intro={t("usersIntro")} />
      <Card title={t("inviteHeading")}>
        <InviteForm organisations={organisations.map((o) => ({ value: o.id, label: localName(locale, o), type: o.type }))} />
      </Card>
      <Card title={t("usersHeading")}>
        <UserTable
          caption={t("usersHeading")}
          rows={users.map((u) => ({
            id: u.id,
            email: u.email,
            displayName: u.displayName,
            organisation: localName(locale, u),
            role: tRoles(u.role),
            status: t(`status.${u.status}`),
            mfa: u.mfaEnrolled ? t("mfaOn") : t("mfaOff"),
            openSessions: u.openSessions,
            href: `/admin/users/${u.id}`,
            hrefLabel: t("manageUser", { email: u.email }),
          }))}
          labels={{
            email: t("email"),
            name: t("displayName"),
            organisation: t("organisation"),
            role: t("role"),
            status: t("statusColumn"),
            mfa: t("mfaColumn"),
            sessions: t("sessionsColumn"),
            manage: t("manage"),
          }}
        />
      </Card>
    </>
  );
}
