"use server";

import { randomUUID } from "node:crypto";
import { signIn } from "@/lib/auth/auth";
import { classifySignInError } from "@/lib/auth/sign-in-outcome";
import type { ActionResult } from "@/lib/http/action-result";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { safeCallbackPath } from "@/lib/navigation";
import { signInSchema } from "@/lib/schemas/sign-in";

/**
 * Signs in and redirects; on failure answers why without echoing anything submitted. Wrong
 * credentials and an unavailable service are told apart.
 */
export async function signInAction(values: unknown, callbackUrl: unknown): Promise<ActionResult<never>> {
  const requestId = randomUUID();
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const { path, message } of fieldErrorsFrom(parsed.error)) (fieldErrors[path] ??= []).push(message);
    return { ok: false, code: "validation", message: "signIn.invalid", fieldErrors };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(callbackUrl) });
  } catch (error) {
    const outcome = classifySignInError(error);
    if (outcome === "not_a_failure") throw error; // the redirect after a successful sign-in
    if (outcome === "invalid_credentials") return { ok: false, code: outcome, message: "signIn.invalid" };
    console.error(`[${requestId}] sign-in unavailable`, error);
    return { ok: false, code: outcome, message: "signIn.unavailable", requestId };
  }
  return { ok: false, code: "internal", message: "errors.generic", requestId };
}
