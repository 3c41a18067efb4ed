import { ATTEMPTED_MAX, emitDurably, storableText } from "@/lib/audit/emit";
import { isDatabaseUnavailable } from "@/db/unavailable";
import type { ServiceCall } from "./context";
import { ServiceError, takeDenial, ValidationError } from "./errors";

/** Statuses of a request refused for what it carried: malformed, too large, not JSON, invalid, without its If-Match. */
const INVALID_STATUSES = new Set([400, 413, 415, 422, 428]);
const MAX_FIELDS = 20;

/**
 * What a transport (an API route, a server action) records when a request ends in an error that no
 * service has recorded (SECURITY.md V7.1.3), in a transaction of its own after the work was rolled back:
 * - a refusal that still carries its denial — the transport's own (an anonymous caller, a write another
 *   site caused) or one raised outside any transaction — as that `access.denied` event;
 * - input refused as malformed or invalid as `request.invalid` (outcome `error`): the operation, status
 *   and the paths of the fields at fault, never what they held — unless the refusal is on record as a
 *   denial already (a 422 for a role the caller may not grant: the denial, not bad input);
 * - an unexpected failure (500) as `request.failed` (outcome `error`); its cause goes to the server log.
 * Everything else was recorded where it was decided (denials in `withTx`, token rejections, throttles) or
 * is no refusal (a 404 for what does not exist, a 409). A database that cannot be reached records nothing.
 * Recording never fails the answer: the caller gets its error response whatever happens here.
 */
export async function recordRefusal({ ctx, input }: ServiceCall<{ operation: string; error: unknown }>): Promise<void> {
  const { error } = input;
  const operation = storableText(input.operation, ATTEMPTED_MAX);
  try {
    if (error instanceof ServiceError) {
      if (error.denial) {
        await emitDurably(ctx, (await takeDenial(error, ctx.db))!);
      } else if (INVALID_STATUSES.has(error.status) && !error.deniedOnRecord) {
        const fields = error instanceof ValidationError ? [...new Set(error.fieldErrors.map((e) => storableText(e.path, 200)))].slice(0, MAX_FIELDS) : [];
        await emitDurably(ctx, { action: "request.invalid", outcome: "error", details: { operation, status: error.status, code: error.code, fields } });
      }
    } else if (!isDatabaseUnavailable(error)) {
      await emitDurably(ctx, { action: "request.failed", outcome: "error", details: { operation } });
    }
  } catch (failure) {
    console.error(`[${ctx.requestId}] could not record the refusal of ${operation}`, failure);
  }
}
