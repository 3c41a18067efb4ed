import type { z } from "zod";
import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/services/errors";
import { ApprovalRefusedError } from "@/lib/services/internal/advisories";

export type AdvisoryActionResult<T> = ActionResult<T>;

/** Schema issues as catalogue keys per field, for the form to translate (the API answers them in English). */
export function keyedValidation(error: z.ZodError): ValidationError {
  return new ValidationError(error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(body)", message: issue.message })));
}

/**
 * The result of a failed advisory action, with the refusals people must understand translated: the four-eyes
 * reasons (with the conflicted companies), other conflicts of state, and a role without the permission.
 */
export function advisoryFailure(error: unknown, requestId: string): AdvisoryActionResult<never> {
  if (error instanceof ApprovalRefusedError) {
    return { ok: false, code: error.code, message: `advisories.errors.${error.reason}`, params: { companies: error.companies.join(", ") }, requestId };
  }
  // A refusal with its own catalogue message says it (no targets reached, already acknowledged, …).
  if ((error instanceof ConflictError || error instanceof ForbiddenError) && error.messageKey && error.messageKey !== "roleNotAllowed") {
    return actionFailure(error, requestId);
  }
  if (error instanceof ConflictError && !(error instanceof ValidationError)) return { ok: false, code: error.code, message: "advisories.errors.conflict", requestId };
  if (error instanceof ForbiddenError) return { ok: false, code: error.code, message: "advisories.errors.forbidden", requestId };
  return actionFailure(error, requestId);
}
