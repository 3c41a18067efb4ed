"use server";

import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import type { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { classifySignInError } from "@/lib/auth/sign-in-outcome";
import type { ActionResult } from "@/lib/http/action-result";
import { safeCallbackPath } from "@/lib/navigation";
import { signInSchema } from "@/lib/schemas/sign-in";
import { totpQrDataUrl } from "@/lib/security/totp";
import { beginSignInEnrolment } from "@/lib/services/begin-sign-in-enrolment";
import { ValidationError } from "@/lib/services/errors";
import { listDemoSignInCodes } from "@/lib/services/list-demo-sign-in-codes";
import { recordRefusal } from "@/lib/services/record-refusal";

/** A form refused before any sign-in was tried: recorded as every refused input is (record-refusal.ts), without its values. */
async function validationFailure(error: z.ZodError, action: string): Promise<ActionResult<never>> {
  const refused = new ValidationError(error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(body)", message: issue.message })));
  await recordRefusal({ ctx: await contextFromHeaders(await headers(), null), input: { operation: `action sign-in#${action}`, error: refused } });
  const fieldErrors: Record<string, string[]> = {};
  // Catalogue keys, not English: the form translates them.
  for (const { path, message } of refused.fieldErrors) (fieldErrors[path] ??= []).push(message);
  return { ok: false, code: "validation", message: "signIn.invalid", fieldErrors };
}

/**
 * Signs in and redirects; on failure answers which step is missing or why it failed, without echoing
 * anything submitted. Wrong credentials and an unavailable service are told apart.
 */
export async function signInAction(values: unknown, callbackUrl: unknown): Promise<ActionResult<never>> {
  const requestId = randomUUID();
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return validationFailure(parsed.error, "signInAction");
  try {
    await signIn("credentials", { ...parsed.data, code: parsed.data.code ?? "", redirectTo: safeCallbackPath(callbackUrl) });
  } catch (error) {
    const outcome = classifySignInError(error);
    if (outcome.kind === "not_a_failure") throw error; // the redirect after a successful sign-in
    if (outcome.kind === "unavailable") {
      console.error(`[${requestId}] sign-in unavailable`, error);
      return { ok: false, code: "unavailable", message: "signIn.unavailable", requestId };
    }
    const { code, retryAfterSeconds } = outcome;
    if (code === "mfa_invalid") {
      return { ok: false, code, message: "signIn.codeRefused", fieldErrors: { code: ["signIn.codeInvalid"] }, retryAfterSeconds };
    }
    const message = code === "throttled" ? "signIn.throttled" : code === "invalid" ? "signIn.invalid" : `signIn.${code}`;
    return { ok: false, code, message, retryAfterSeconds };
  }
  return { ok: false, code: "internal", message: "errors.generic", requestId };
}

export interface EnrolmentData {
  secret: string;
  qrDataUrl: string;
  recoveryCodes: string[];
}

/** For an account that needs a second factor and has none: checks the password again and starts an enrolment. */
export async function beginEnrolmentAction(values: unknown): Promise<ActionResult<EnrolmentData>> {
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return validationFailure(parsed.error, "beginEnrolmentAction");
  const ctx = await contextFromHeaders(await headers(), null);
  try {
    const result = await beginSignInEnrolment({ ctx, input: parsed.data });
    if (result.kind === "started") {
      return { ok: true, data: { secret: result.secret, qrDataUrl: await totpQrDataUrl(result.uri), recoveryCodes: result.recoveryCodes } };
    }
    if (result.kind === "not_needed") return { ok: false, code: "not_needed", message: "signIn.enrolNotNeeded" };
    return { ok: false, code: result.kind, message: result.kind === "throttled" ? "signIn.throttled" : "signIn.invalid", retryAfterSeconds: result.retryAfterSeconds };
  } catch (error) {
    console.error(`[${ctx.requestId}] enrolment unavailable`, error);
    return { ok: false, code: "unavailable", message: "signIn.unavailable", requestId: ctx.requestId };
  }
}

/** In the demo only: the current code of a demo account, so that no authenticator app is needed. */
export async function demoCodeAction(email: unknown): Promise<string | null> {
  if (typeof email !== "string" || email.length > 320) return null;
  const ctx = await contextFromHeaders(await headers(), null);
  const { codes } = await listDemoSignInCodes({ ctx, input: { email } });
  return codes[0]?.code ?? null;
}
