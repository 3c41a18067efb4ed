"use server";

import type { CommandState } from "@/lib/http/action-result";
import { runCommand } from "@/lib/http/run-action";
import { changeUserRole } from "@/lib/services/change-user-role";
import { issuePasswordReset } from "@/lib/services/issue-password-reset";
import { setCompanyMfaPolicy } from "@/lib/services/set-company-mfa-policy";
import { setUserDisabled } from "@/lib/services/set-user-disabled";
import { refuseUnknownUserCommand } from "@/lib/services/refuse-unknown-user-command";

/** The company admin's one-button actions; the services keep them to the admin's own company. */
export async function companyUserCommandAction(_previous: CommandState, formData: FormData): Promise<CommandState> {
  const userId = String(formData.get("userId") ?? "");
  const command = String(formData.get("command") ?? "");
  return runCommand("company/users#companyUserCommandAction", async (ctx) => {
    if (command === "disable" || command === "enable") return setUserDisabled({ ctx, input: { userId, disabled: command === "disable" } });
    if (command === "make-admin" || command === "make-officer") {
      return changeUserRole({ ctx, input: { userId, role: command === "make-admin" ? "company_admin" : "company_officer" } });
    }
    if (command === "send-reset") return issuePasswordReset({ ctx, input: { userId } });
    if (command === "require-mfa" || command === "allow-no-mfa") return setCompanyMfaPolicy({ ctx, input: { required: command === "require-mfa" } });
    return refuseUnknownUserCommand({ ctx, input: { command } });
  }, ["/company/users"]);
}
