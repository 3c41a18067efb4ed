import { isDatabaseUnavailable } from "@/db/unavailable";
import type { RequestContext } from "@/lib/services/context";
import { ServiceError, StaleRevisionError, ThrottledError, ValidationError } from "@/lib/services/errors";
import { recordRefusal } from "@/lib/services/record-refusal";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      /** A catalogue key for the form to translate (with `params`), or — from older paths — English text. */
      message: string;
      params?: Record<string, string | number>;
      fieldErrors?: Record<string, string[]>;
      requestId?: string;
      current?: unknown;
      /** When the caller must wait before trying again (throttled sign-in), in seconds. */
      retryAfterSeconds?: number;
    };

/** A refusal's catalogue key and values where the service gave one, else its text. */
function serviceText(error: ServiceError): { message: string; params?: Record<string, string | number> } {
  if (!error.messageKey) return { message: error.message };
  return error.messageValues ? { message: `serviceErrors.${error.messageKey}`, params: error.messageValues } : { message: `serviceErrors.${error.messageKey}` };
}

/**
 * The one result shape of every server action. Field errors carry every message per field; messages
 * that are catalogue keys are translated by the form, a service's refusal as its `serviceErrors` key and
 * values. Unknown errors become a generic message with the request id, never the error's own text.
 */
export function actionFailure(error: unknown, requestId: string): ActionResult<never> {
  if (error instanceof ValidationError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const { path, message } of error.fieldErrors) (fieldErrors[path] ??= []).push(message);
    return { ok: false, code: error.code, message: error.message, fieldErrors, requestId };
  }
  // A stale save: the form shows the newer data it was refused in favour of.
  if (error instanceof StaleRevisionError) return { ok: false, code: "stale", ...serviceText(error), requestId, current: error.current };
  if (error instanceof ThrottledError) return { ok: false, code: error.code, ...serviceText(error), requestId, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof ServiceError) return { ok: false, code: error.code, ...serviceText(error), requestId };
  if (isDatabaseUnavailable(error)) {
    console.error(`[${requestId}] database unavailable`, error);
    return { ok: false, code: "unavailable", message: "errors.unavailable", requestId };
  }
  console.error(`[${requestId}] unexpected error in a server action`, error);
  return { ok: false, code: "internal", message: "errors.generic", requestId };
}

/**
 * A server action's failure: what no service recorded is recorded first (record-refusal.ts) under the
 * action's name (`area#actionName`), then the failure is answered as `answer` shapes it.
 */
export async function actionRefusal<T = never>(
  error: unknown,
  ctx: RequestContext,
  operation: string,
  answer: (error: unknown, requestId: string) => ActionResult<T> = actionFailure,
): Promise<ActionResult<T>> {
  await recordRefusal({ ctx, input: { operation: `action ${operation}`, error } });
  return answer(error, ctx.requestId);
}

/** What a one-button form action (useActionState) holds: nothing yet, or its last answer. */
export type CommandState = ActionResult<unknown> | null;
