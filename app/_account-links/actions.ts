"use server";

import { headers } from "next/headers";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { accountLinkCompletionSchema } from "@/lib/schemas/password";
import { completeAccountLink } from "@/lib/services/complete-account-link";
import { ValidationError } from "@/lib/services/errors";
import { requestPasswordReset } from "@/lib/services/request-password-reset";
import { signInSchema } from "@/lib/schemas/sign-in";

function keyedErrors(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return new ValidationError(error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message })));
}

/** Sets the password through an invitation or reset link. Field errors are catalogue keys; nothing is changed on a refusal. */
export async function completeLinkAction(purpose: "invitation" | "password_reset", values: unknown): Promise<ActionResult<{ email: string; revokedTokens: number }>> {
  const ctx = await contextFromHeaders(await headers(), null);
  try {
    const parsed = accountLinkCompletionSchema.safeParse(values);
    if (!parsed.success) throw keyedErrors(parsed.error);
    return { ok: true, data: await completeAccountLink({ ctx, input: { ...parsed.data, purpose } }) };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}

/** "Forgot password": always the same answer, so the form tells nobody whether an account exists. */
export async function requestResetAction(values: unknown): Promise<ActionResult<null>> {
  const ctx = await contextFromHeaders(await headers(), null);
  try {
    const parsed = signInSchema.pick({ email: true }).safeParse(values);
    if (!parsed.success) throw keyedErrors(parsed.error);
    await requestPasswordReset({ ctx, input: parsed.data });
    return { ok: true, data: null };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}
