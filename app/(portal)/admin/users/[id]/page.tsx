import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SessionTable } from "@/components/security/session-table";
import { Card } from "@/components/ui/card";
import { CommandForm, CommandStatus } from "@/components/ui/command-form";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatDate, formatDateTime, localName, tokyoToday } from "@/lib/i18n/format";
import { userCommandsFor } from "@/lib/authz/user-commands";
import { rolesForOrganisationType } from "@/lib/schemas/admin";
import { getPlatformOverview } from "@/lib/services/get-platform-overview";
import { getUserDetail } from "@/lib/services/get-user-detail";
import { listCriticalProducts } from "@/lib/services/list-critical-products";
import { conflictEntry } from "../../../_conflicts/conflict-entry";
import { ConflictForm } from "../../../_conflicts/conflict-form";
import { userCommandAction } from "../actions";
import { AssignmentsForm, RoleForm } from "./forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("userTitle") };
}

function CommandButton({ userId, command, label, done, danger }: { userId: string; command: string; label: string; done: string; danger?: boolean }) {
  return (
    <CommandForm action={userCommandAction} fields={{ userId, command }} label={label} done={done} look={danger ? "dangerButton" : "button"} />
  );
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const [detail, t, tRoles, locale] = await Promise.all([
    loadForPage(() => getUserDetail({ ctx, input: { userId: id } })),
    getTranslations("admin"),
    getTranslations("roles"),
    getLocale(),
  ]);
  const { user } = detail;
  const agency = user.orgType === "agency";
  const [products, organisations] = agency
    ? await Promise.all([listCriticalProducts({ ctx, input: undefined }), loadForPage(() => getPlatformOverview({ ctx, input: undefined }))])
    : [[], []];
  const [tConflicts, tDone] = await Promise.all([getTranslations("conflicts"), getTranslations("commandDone")]);
  const who = { name: user.displayName, email: user.email };
  // Only what the caller's role may do to this user: a company admin gets no platform admin's controls,
  // and nobody gets controls for their own account here (it is managed on /account).
  const commands = userCommandsFor(ctx.actor, { userId: user.userId, disabled: Boolean(user.disabledAt), disabledByPlatform: user.disabledByPlatform });
  const status = user.disabledAt ? (user.disabledByPlatform ? "disabledByPlatform" : "disabled") : user.hasPassword ? "active" : "invited";
  return (
    <>
      <PageHeading title={user.displayName} intro={t("userIntro", { email: user.email, role: tRoles(user.role) })} />
      <Card title={t("accountHeading")}>
        <CommandStatus>
          <dl className="mb-4 grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1">
            <dt className="font-medium">{t("email")}</dt>
            <dd className="font-mono">{user.email}</dd>
            <dt className="font-medium">{t("statusColumn")}</dt>
            <dd>{t(`status.${status}`)}</dd>
            <dt className="font-medium">{t("mfaColumn")}</dt>
            <dd>{detail.mfaEnrolled ? t("mfaOn") : t("mfaOff")}</dd>
            <dt className="font-medium">{t("signInFailures")}</dt>
            <dd data-testid="sign-in-failures">
              {!detail.signInFailures
                ? t("signInFailuresNone")
                : detail.signInFailures.blockedUntil
                  ? t("signInFailuresBlocked", { count: detail.signInFailures.count, until: formatDateTime(locale, detail.signInFailures.blockedUntil) })
                  : t("signInFailuresCount", { count: detail.signInFailures.count })}
            </dd>
          </dl>
          {ctx.actor.userId === user.userId && <p data-testid="own-account-note">{t("ownAccountNote")}</p>}
          {commands.has("change-role") && (
            <RoleForm userId={user.userId} role={user.role} roles={rolesForOrganisationType[user.orgType].map((r) => ({ value: r, label: tRoles(r) }))} />
          )}
          <div className="mt-4 flex flex-wrap gap-3">
            {commands.has("disable") && (
              <CommandButton userId={user.userId} command="disable" label={user.disabledAt ? t("suspend") : t("disable")} done={tDone(user.disabledAt ? "suspend" : "disable", who)} danger />
            )}
            {commands.has("enable") && <CommandButton userId={user.userId} command="enable" label={t("enable")} done={tDone("enable", who)} />}
            {commands.has("send-reset") && (
              <CommandButton userId={user.userId} command="send-reset" label={user.hasPassword ? t("sendReset") : t("resendInvitation")} done={tDone(user.hasPassword ? "sendReset" : "resendInvitation", who)} />
            )}
            {commands.has("reset-mfa") && detail.mfaEnrolled && <CommandButton userId={user.userId} command="reset-mfa" label={t("resetMfa")} done={tDone("resetMfa", who)} danger />}
            {commands.has("unlock") && detail.signInFailures && <CommandButton userId={user.userId} command="unlock" label={t("unlock")} done={tDone("unlock")} />}
          </div>
        </CommandStatus>
      </Card>
      <Card title={t("sessionsHeading")}>
        <CommandStatus>
          {detail.sessions.length === 0 ? (
            <p>{t("noSessions")}</p>
          ) : (
            <>
              <SessionTable
                caption={t("sessionsHeading")}
                sessions={detail.sessions}
                actionsLabel={t("manage")}
              />
              {commands.has("revoke-sessions") && (
                <div className="mt-3">
                  <CommandButton userId={user.userId} command="revoke-sessions" label={t("revokeSessions")} done={tDone("revokeSessions", who)} danger />
                </div>
              )}
            </>
          )}
        </CommandStatus>
      </Card>
      {agency && (
        <>
          <Card title={t("assignmentsHeading")}>
            <AssignmentsForm userId={user.userId} assigned={detail.assignments} products={products.map((p) => ({ value: p.code, label: localName(locale, p) }))} />
          </Card>
          <Card title={tConflicts("heading")}>
            <CommandStatus>
              {detail.conflicts.length === 0 ? (
                <p className="mb-4">{tConflicts("none")}</p>
              ) : (
                <ul className="mb-4 space-y-2">
                  {detail.conflicts.map((c) => (
                    <li key={c.id} className="flex flex-wrap items-center gap-3" data-testid="conflict-row">
                      <span>{conflictEntry(tConflicts, locale, c)}</span>
                      {c.standing === "open" && (
                        <CommandForm
                          action={userCommandAction}
                          fields={{ userId: user.userId, command: "end-conflict", conflictId: c.id }}
                          label={tConflicts("end")}
                          done={tDone("endConflict")}
                          ariaLabel={tConflicts("endLabel", { company: localName(locale, c), from: formatDate(locale, c.validFrom) })}
                        />
                      )}
                    </li>
                  ))}
                </ul>
              )}
              <ConflictForm userId={user.userId} companies={organisations.filter((o) => o.type === "company").map((o) => ({ value: o.id, label: localName(locale, o) }))} today={tokyoToday()} />
            </CommandStatus>
          </Card>
        </>
      )}
      <p>
        <Link href="/admin/users">{t("backToUsers")}</Link>
      </p>
    </>
  );
}
