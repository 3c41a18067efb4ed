"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionFailure } from "@/lib/http/action-result";
import { changeUserRole } from "@/lib/services/change-user-role";
import { issuePasswordReset } from "@/lib/services/issue-password-reset";
import { setCompanyMfaPolicy } from "@/lib/services/set-company-mfa-policy";
import { setUserDisabled } from "@/lib/services/set-user-disabled";

/** The company admin's one-button actions; the services keep them to the admin's own company. */
export async function companyUserCommandAction(formData: FormData): Promise<void> {
  const ctx = await currentContext();
  const userId = String(formData.get("userId") ?? "");
  const command = String(formData.get("command") ?? "");
  try {
    if (command === "disable" || command === "enable") await setUserDisabled({ ctx, input: { userId, disabled: command === "disable" } });
    else if (command === "make-admin" || command === "make-officer") {
      await changeUserRole({ ctx, input: { userId, role: command === "make-admin" ? "company_admin" : "company_officer" } });
    } else if (command === "send-reset") await issuePasswordReset({ ctx, input: { userId } });
    else if (command === "require-mfa" || command === "allow-no-mfa") await setCompanyMfaPolicy({ ctx, input: { required: command === "require-mfa" } });
  } catch (error) {
    // The page re-renders either way and shows the state as it is.
    actionFailure(error, ctx.requestId);
  }
  revalidatePath("/company/users");
}
