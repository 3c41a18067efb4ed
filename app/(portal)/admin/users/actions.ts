"use server";

import type { CommandState } from "@/lib/http/action-result";
import { runAction, runCommand } from "@/lib/http/run-action";
import { changeUserRole } from "@/lib/services/change-user-role";
import { createOrganisation } from "@/lib/services/create-organisation";
import { declareConflict } from "@/lib/services/declare-conflict";
import { endConflict } from "@/lib/services/end-conflict";
import { unchecked } from "@/lib/services/input";
import { inviteUser } from "@/lib/services/invite-user";
import { issuePasswordReset } from "@/lib/services/issue-password-reset";
import { resetUserMfa } from "@/lib/services/reset-user-mfa";
import { revokeUserSessions } from "@/lib/services/revoke-user-sessions";
import { unlockUser } from "@/lib/services/unlock-user";
import { setProductAssignments } from "@/lib/services/set-product-assignments";
import { setUserDisabled } from "@/lib/services/set-user-disabled";
import { refuseUnknownUserCommand } from "@/lib/services/refuse-unknown-user-command";

// Thin transports for the administration pages (platform admins; company admins reach the same
// services from /company/users, scoped to their company by the services themselves). The services check
// what the forms sent, after they have authorized the caller.

export async function inviteUserAction(values: unknown) {
  return runAction("admin/users#inviteUserAction", async (ctx) => {
    const { expiresAt } = await inviteUser({ ctx, input: unchecked(values) });
    return { expiresAt: expiresAt.toISOString() };
  }, ["/admin/users", "/company/users"]);
}

export async function createOrganisationAction(values: unknown) {
  return runAction("admin/users#createOrganisationAction", (ctx) => createOrganisation({ ctx, input: unchecked(values) }), ["/admin"]);
}

export async function changeRoleAction(values: unknown) {
  return runAction("admin/users#changeRoleAction", (ctx) => changeUserRole({ ctx, input: unchecked(values) }), ["/admin/users", "/company/users"]);
}

export async function setAssignmentsAction(values: unknown) {
  return runAction("admin/users#setAssignmentsAction", (ctx) => setProductAssignments({ ctx, input: unchecked(values) }), ["/admin/users"]);
}

export async function declareConflictAction(values: unknown) {
  return runAction("admin/users#declareConflictAction", (ctx) => declareConflict({ ctx, input: unchecked(values) }), ["/admin/users", "/agency/conflicts"]);
}

/** The one-button actions of the user page: each names the user in a hidden field. */
export async function userCommandAction(_previous: CommandState, formData: FormData): Promise<CommandState> {
  const userId = String(formData.get("userId") ?? "");
  const command = String(formData.get("command") ?? "");
  return runCommand("admin/users#userCommandAction", async (ctx) => {
    if (command === "disable" || command === "enable") return setUserDisabled({ ctx, input: { userId, disabled: command === "disable" } });
    if (command === "revoke-sessions") return revokeUserSessions({ ctx, input: { userId } });
    if (command === "reset-mfa") return resetUserMfa({ ctx, input: { userId } });
    if (command === "unlock") return unlockUser({ ctx, input: { userId } });
    if (command === "send-reset") return issuePasswordReset({ ctx, input: { userId } });
    if (command === "end-conflict") return endConflict({ ctx, input: { conflictId: String(formData.get("conflictId") ?? "") } });
    return refuseUnknownUserCommand({ ctx, input: { command } });
  }, [`/admin/users/${userId}`, "/admin/users", "/company/users"]);
}
