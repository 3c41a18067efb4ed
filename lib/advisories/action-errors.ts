import { actionFailure, actionRefusal, type ActionResult } from "@/lib/http/action-result";
import { formatList, localName } from "@/lib/i18n/format";
import { requestLocale } from "@/lib/i18n/request-locale";
import type { RequestContext } from "@/lib/services/context";
import { ApprovalRefusedError } from "@/lib/services/internal/advisory-four-eyes";

export type AdvisoryActionResult<T> = ActionResult<T>;

/**
 * The result of a failed advisory action: the four-eyes refusals say their reason with the conflicted
 * companies, named and listed in the reader's language; every other refusal — an advisory's state refusals
 * among them — says its own catalogue message (actionFailure).
 */
export function advisoryAnswer(error: unknown, requestId: string, locale: string): AdvisoryActionResult<never> {
  if (error instanceof ApprovalRefusedError) {
    const companies = formatList(locale, error.companies.map((c) => localName(locale, c)));
    return { ok: false, code: error.code, message: `advisories.errors.${error.reason}`, params: { companies }, requestId };
  }
  return actionFailure(error, requestId);
}

/** An advisory action's failure, recorded as every action's is (actionRefusal) and answered by `advisoryAnswer`. */
export async function advisoryFailure(error: unknown, ctx: RequestContext, operation: string): Promise<AdvisoryActionResult<never>> {
  const locale = await requestLocale();
  return actionRefusal(error, ctx, operation, (refused, requestId) => advisoryAnswer(refused, requestId, locale));
}
