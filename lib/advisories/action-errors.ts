import { actionFailure, actionRefusal, type ActionResult } from "@/lib/http/action-result";
import type { RequestContext } from "@/lib/services/context";
import { ApprovalRefusedError } from "@/lib/services/internal/advisory-four-eyes";

export type AdvisoryActionResult<T> = ActionResult<T>;

/**
 * The result of a failed advisory action: the four-eyes refusals say their reason with the conflicted
 * companies; every other refusal — an advisory's state refusals among them — says its own catalogue
 * message (actionFailure).
 */
export function advisoryAnswer(error: unknown, requestId: string): AdvisoryActionResult<never> {
  if (error instanceof ApprovalRefusedError) {
    return { ok: false, code: error.code, message: `advisories.errors.${error.reason}`, params: { companies: error.companies.join(", ") }, requestId };
  }
  return actionFailure(error, requestId);
}

/** An advisory action's failure, recorded as every action's is (actionRefusal) and answered by `advisoryAnswer`. */
export function advisoryFailure(error: unknown, ctx: RequestContext, operation: string): Promise<AdvisoryActionResult<never>> {
  return actionRefusal(error, ctx, operation, advisoryAnswer);
}
