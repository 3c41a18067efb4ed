"use server";

import { randomUUID } from "node:crypto";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
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
    if (error instanceof AuthError) {
      if (error.type === "CredentialsSignin") return { ok: false, code: "invalid_credentials", message: "signIn.invalid" };
      console.error(`[${requestId}] sign-in unavailable`, error);
      return { ok: false, code: "unavailable", message: "signIn.unavailable", requestId };
    }
    throw error; // the redirect after a successful sign-in
  }
  return { ok: false, code: "internal", message: "errors.generic", requestId };
}
