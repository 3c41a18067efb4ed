import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { CommandForm, CommandStatus } from "@/components/ui/command-form";
import { PageHeading } from "@/components/ui/page-heading";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { userCommandsFor } from "@/lib/authz/user-commands";
import { getOwnSecurity } from "@/lib/services/get-own-security";
import { listUsers } from "@/lib/services/list-users";
import { InviteForm } from "../../admin/users/invite-form";
import { companyUserCommandAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("companyUsers"))("title") };
}

/** A row's command; `ariaLabel` names the user, so that each row's buttons say whom they act on. */
function Command({ userId, command, label, ariaLabel, done }: { userId: string; command: string; label: string; ariaLabel: string; done: string }) {
  return <CommandForm action={companyUserCommandAction} fields={{ userId, command }} label={label} ariaLabel={ariaLabel} done={done} />;
}

export default async function CompanyUsersPage() {
  const ctx = await requirePageContext();
  const [users, security, t, tAdmin, tRoles, tDone] = await Promise.all([
    loadForPage(() => listUsers({ ctx, input: undefined })),
    loadForPage(() => getOwnSecurity({ ctx, input: undefined })),
    getTranslations("companyUsers"),
    getTranslations("admin"),
    getTranslations("roles"),
    getTranslations("commandDone"),
  ]);
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("mfaHeading")}>
        <CommandStatus>
            <p className="mb-3">{security.companyRequiresMfa ? t("mfaRequired") : t("mfaOptional")}</p>
            <CommandForm
              action={companyUserCommandAction}
              fields={{ command: security.companyRequiresMfa ? "allow-no-mfa" : "require-mfa" }}
              label={security.companyRequiresMfa ? t("stopRequiring") : t("require")}
              done={tDone(security.companyRequiresMfa ? "allowNoMfa" : "requireMfa")}
              look="button"
            />
        </CommandStatus>
      </Card>
      <Card title={tAdmin("inviteHeading")}>
        <InviteForm organisations={[{ value: ctx.actor.orgId, label: "", type: "company" }]} />
      </Card>
      <Card title={t("listHeading")}>
        <CommandStatus>
          <ScrollRegion label={t("listHeading")}>
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
                {users.map((u) => {
                  const commands = userCommandsFor(ctx.actor, { userId: u.id, disabled: u.status === "disabled", disabledByPlatform: u.disabledByPlatform });
                  const who = { name: u.displayName, email: u.email };
                  const admin = u.role === "company_admin";
                  return (
                    <tr key={u.id} className="border-b border-slate-200" data-testid="user-row">
                      <td className="py-2 pr-3 font-mono">{u.email}</td>
                      <td className="py-2 pr-3">{u.displayName}</td>
                      <td className="py-2 pr-3">{tRoles(u.role)}</td>
                      <td className="py-2 pr-3">{tAdmin(u.status === "disabled" && u.disabledByPlatform ? "status.disabledByPlatform" : `status.${u.status}`)}</td>
                      <td className="py-2 pr-3">{u.mfaEnrolled ? tAdmin("mfaOn") : tAdmin("mfaOff")}</td>
                      <td className="flex flex-wrap gap-3 py-2">
                        {commands.has("change-role") && (
                          <Command userId={u.id} command={admin ? "make-officer" : "make-admin"} label={t(admin ? "makeOfficer" : "makeAdmin")} ariaLabel={t(admin ? "makeOfficerLabel" : "makeAdminLabel", who)} done={tDone(admin ? "makeOfficer" : "makeAdmin", who)} />
                        )}
                        {commands.has("disable") && <Command userId={u.id} command="disable" label={tAdmin("disable")} ariaLabel={tAdmin("disableLabel", who)} done={tDone("disable", who)} />}
                        {commands.has("enable") && <Command userId={u.id} command="enable" label={tAdmin("enable")} ariaLabel={tAdmin("enableLabel", who)} done={tDone("enable", who)} />}
                        {commands.has("send-reset") && (
                          <Command
                            userId={u.id}
                            command="send-reset"
                            label={tAdmin(u.status === "invited" ? "resendInvitation" : "sendReset")}
                            ariaLabel={tAdmin(u.status === "invited" ? "resendInvitationLabel" : "sendResetLabel", who)}
                            done={tDone(u.status === "invited" ? "resendInvitation" : "sendReset", who)}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </CommandStatus>
      </Card>
    </>
  );
}
