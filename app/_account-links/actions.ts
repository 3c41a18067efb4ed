"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { accountLinkPurposes, type AccountLinkPurpose } from "@/db/schema";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { actionRefusal, type ActionResult } from "@/lib/http/action-result";
import { accountLinkCompletionSchema, accountLinkTokenSchema } from "@/lib/schemas/password";
import { completeAccountLink } from "@/lib/services/complete-account-link";
import { inspectAccountLink } from "@/lib/services/inspect-account-link";
import { ValidationError } from "@/lib/services/errors";
import { requestPasswordReset } from "@/lib/services/request-password-reset";
import { signInSchema } from "@/lib/schemas/sign-in";

function keyedErrors(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return new ValidationError(error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message })));
}

/** What a link is for comes from the page's script, as every argument of an action does: checked, not trusted. */
function linkPurpose(value: unknown): AccountLinkPurpose {
  const parsed = z.enum(accountLinkPurposes).safeParse(value);
  // The forms show a refusal of the link itself (path "token") as the reason it cannot be used.
  if (!parsed.success) throw new ValidationError([{ path: "token", message: "validation.linkToken" }]);
  return parsed.data;
}

/** Sets the password through an invitation or reset link. Field errors are catalogue keys; nothing is changed on a refusal. */
export async function completeLinkAction(purpose: AccountLinkPurpose, values: unknown): Promise<ActionResult<{ email: string; revokedTokens: number }>> {
  const ctx = await contextFromHeaders(await headers(), null);
  try {
    const checkedPurpose = linkPurpose(purpose);
    const parsed = accountLinkCompletionSchema.safeParse(values);
    if (!parsed.success) throw keyedErrors(parsed.error);
    return { ok: true, data: await completeAccountLink({ ctx, input: { ...parsed.data, purpose: checkedPurpose } }) };
  } catch (error) {
    return actionRefusal(error, ctx, "_account-links#completeLinkAction");
  }
}

/**
 * Whether a link still works, and for which account: what the link's page shows before the form. The
 * token comes in the body, as the page read it from its address's fragment (link-page.tsx).
 */
export async function inspectLinkAction(purpose: AccountLinkPurpose, values: unknown): Promise<ActionResult<Awaited<ReturnType<typeof inspectAccountLink>>>> {
  const ctx = await contextFromHeaders(await headers(), null);
  try {
    const checkedPurpose = linkPurpose(purpose);
    const parsed = accountLinkTokenSchema.safeParse(values);
    if (!parsed.success) throw keyedErrors(parsed.error);
    return { ok: true, data: await inspectAccountLink({ ctx, input: { token: parsed.data.token, purpose: checkedPurpose } }) };
  } catch (error) {
    return actionRefusal(error, ctx, "_account-links#inspectLinkAction");
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
    return actionRefusal(error, ctx, "_account-links#requestResetAction");
  }
}
