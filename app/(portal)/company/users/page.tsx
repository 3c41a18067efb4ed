import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { CommandForm } from "@/components/ui/command-form";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { rolesForOrganisationType } from "@/lib/schemas/admin";
import { getOwnSecurity } from "@/lib/services/get-own-security";
import { listUsers } from "@/lib/services/list-users";
import { InviteForm } from "../../admin/users/invite-form";
import { companyUserCommandAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("companyUsers"))("title") };
}

function Command({ userId, command, label }: { userId: string; command: string; label: string }) {
  return (
    <CommandForm action={companyUserCommandAction} fields={{ userId, command }} label={label} />
  );
}

export default async function CompanyUsersPage() {
  const ctx = await requirePageContext();
  const [users, security, t, tAdmin, tRoles] = await Promise.all([
    loadForPage(() => listUsers({ ctx, input: undefined })),
    loadForPage(() => getOwnSecurity({ ctx, input: undefined })),
    getTranslations("companyUsers"),
    getTranslations("admin"),
    getTranslations("roles"),
  ]);
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("mfaHeading")}>
        <p className="mb-3">{security.companyRequiresMfa ? t("mfaRequired") : t("mfaOptional")}</p>
        <CommandForm
          action={companyUserCommandAction}
          fields={{ command: security.companyRequiresMfa ? "allow-no-mfa" : "require-mfa" }}
          label={security.companyRequiresMfa ? t("stopRequiring") : t("require")}
          look="button"
        />
      </Card>
      <Card title={tAdmin("inviteHeading")}>
        <InviteForm organisations={[{ value: ctx.actor.orgId, label: "" }]} roles={rolesForOrganisationType.company.map((r) => ({ value: r, label: tRoles(r) }))} />
      </Card>
      <Card title={t("listHeading")}>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("listHeading")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                {[tAdmin("email"), tAdmin("displayName"), tAdmin("role"), tAdmin("statusColumn"), tAdmin("mfaColumn")].map((h) => (
                  <th key={h} scope="col" className="py-2 pr-3">
                    {h}
                  </th>
                ))}
                <th scope="col" className="py-2">
                  <span className="sr-only">{tAdmin("manage")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-b border-slate-200" data-testid="user-row">
                  <td className="py-2 pr-3 font-mono">{u.email}</td>
                  <td className="py-2 pr-3">{u.displayName}</td>
                  <td className="py-2 pr-3">{tRoles(u.role)}</td>
                  <td className="py-2 pr-3">{tAdmin(`status.${u.status}`)}</td>
                  <td className="py-2 pr-3">{u.mfaEnrolled ? tAdmin("mfaOn") : tAdmin("mfaOff")}</td>
                  <td className="flex flex-wrap gap-3 py-2">
                    {u.id !== ctx.actor.userId && (
                      <>
                        <Command userId={u.id} command={u.role === "company_admin" ? "make-officer" : "make-admin"} label={u.role === "company_admin" ? t("makeOfficer") : t("makeAdmin")} />
                        <Command userId={u.id} command={u.status === "disabled" ? "enable" : "disable"} label={u.status === "disabled" ? tAdmin("enable") : tAdmin("disable")} />
                        {u.status !== "disabled" && <Command userId={u.id} command="send-reset" label={u.status === "invited" ? tAdmin("resendInvitation") : tAdmin("sendReset")} />}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
