"use server";

import { revalidatePath } from "next/cache";
import type { EmailLocale } from "@/db/schema";
import { currentContext } from "@/lib/auth/current-actor";
import { actionRefusal, type ActionResult, type CommandState } from "@/lib/http/action-result";
import { runCommand } from "@/lib/http/run-action";
import { totpQrDataUrl } from "@/lib/security/totp";
import { changeOwnPassword } from "@/lib/services/change-own-password";
import { confirmMfaEnrolment } from "@/lib/services/confirm-mfa-enrolment";
import { unchecked } from "@/lib/services/input";
import { regenerateRecoveryCodes } from "@/lib/services/regenerate-recovery-codes";
import { removeOwnAuthenticator } from "@/lib/services/remove-own-authenticator";
import { revokeOwnSession } from "@/lib/services/revoke-own-session";
import { setEmailLocale } from "@/lib/services/set-email-locale";
import { startMfaEnrolment } from "@/lib/services/start-mfa-enrolment";

export async function changePasswordAction(values: unknown): Promise<ActionResult<{ endedSessions: number; revokedTokens: number }>> {
  const ctx = await currentContext();
  try {
    const data = await changeOwnPassword({ ctx, input: unchecked(values) });
    revalidatePath("/account");
    return { ok: true, data };
  } catch (error) {
    return actionRefusal(error, ctx, "account#changePasswordAction");
  }
}

export async function setEmailLocaleAction(values: unknown): Promise<ActionResult<{ emailLocale: EmailLocale | null }>> {
  const ctx = await currentContext();
  try {
    const data = await setEmailLocale({ ctx, input: unchecked(values) });
    revalidatePath("/account");
    return { ok: true, data };
  } catch (error) {
    return actionRefusal(error, ctx, "account#setEmailLocaleAction");
  }
}

export async function startEnrolmentAction(values: unknown): Promise<ActionResult<{ secret: string; qrDataUrl: string; recoveryCodes: string[] }>> {
  const ctx = await currentContext();
  try {
    const started = await startMfaEnrolment({ ctx, input: unchecked(values) });
    return { ok: true, data: { secret: started.secret, qrDataUrl: await totpQrDataUrl(started.uri), recoveryCodes: started.recoveryCodes } };
  } catch (error) {
    return actionRefusal(error, ctx, "account#startEnrolmentAction");
  }
}

export async function confirmEnrolmentAction(values: unknown): Promise<ActionResult<null>> {
  const ctx = await currentContext();
  try {
    await confirmMfaEnrolment({ ctx, input: unchecked(values) });
    revalidatePath("/account");
    return { ok: true, data: null };
  } catch (error) {
    return actionRefusal(error, ctx, "account#confirmEnrolmentAction");
  }
}

export async function regenerateCodesAction(values: unknown): Promise<ActionResult<string[]>> {
  const ctx = await currentContext();
  try {
    const codes = await regenerateRecoveryCodes({ ctx, input: unchecked(values) });
    revalidatePath("/account");
    return { ok: true, data: codes };
  } catch (error) {
    return actionRefusal(error, ctx, "account#regenerateCodesAction");
  }
}

export async function removeAuthenticatorAction(values: unknown): Promise<ActionResult<null>> {
  const ctx = await currentContext();
  try {
    await removeOwnAuthenticator({ ctx, input: unchecked(values) });
    revalidatePath("/account");
    return { ok: true, data: null };
  } catch (error) {
    return actionRefusal(error, ctx, "account#removeAuthenticatorAction");
  }
}

export async function revokeSessionAction(_previous: CommandState, formData: FormData): Promise<CommandState> {
  const sessionId = String(formData.get("sessionId") ?? "");
  return runCommand("account#revokeSessionAction", (ctx) => revokeOwnSession({ ctx, input: { sessionId } }), ["/account"]);
}
