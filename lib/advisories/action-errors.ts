import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { ApprovalRefusedError } from "@/lib/services/internal/advisories";

export type AdvisoryActionResult<T> = ActionResult<T>;

/**
 * The result of a failed advisory action: the four-eyes refusals say their reason with the conflicted
 * companies; every other refusal — an advisory's state refusals among them — says its own catalogue
 * message (actionFailure).
 */
export function advisoryFailure(error: unknown, requestId: string): AdvisoryActionResult<never> {
  if (error instanceof ApprovalRefusedError) {
    return { ok: false, code: error.code, message: `advisories.errors.${error.reason}`, params: { companies: error.companies.join(", ") }, requestId };
  }
  return actionFailure(error, requestId);
}
