import { batchedRead } from "@/db/batched-read";
import type { Executor, Tx } from "@/db/client";
import { emitDurably } from "@/lib/audit/emit";
import type { RequestContext } from "./context";
import { dropCachedTokens } from "./internal/token-cache";
import { ServiceError, takeDenial } from "./errors";

/**
 * Runs `work` in a transaction (a savepoint when `ctx.db` is already one). When the work is refused with
 * an error that carries a denial, the work is rolled back and the denial is then recorded on its own,
 * so that every refused attempt leaves a trace even though nothing else was written.
 */
export function withTx<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return recordingDenials(ctx, async () => {
    const result = await ctx.db.transaction((tx) => work(tx));
    // Whatever it changed, no token this process accepted before it is taken on trust again (token-cache.ts).
    dropCachedTokens(ctx.db);
    return result;
  });
}

/**
 * Runs read-only work of a single statement straight on `ctx.db`: one statement is its own transaction,
 * so BEGIN and COMMIT would only add round trips. Refusals are recorded as in `withTx`.
 */
export function withoutTx<T>(ctx: RequestContext, work: (db: Executor) => Promise<T>): Promise<T> {
  return recordingDenials(ctx, () => work(ctx.db));
}

/**
 * Runs read-only work whose statements are all issued at once (before it awaits any result) as one
 * batch: BEGIN, the statements and COMMIT in one round trip (db/batched-read.ts). Refusals are recorded
 * as in `withTx`.
 */
export function withReadBatch<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return recordingDenials(ctx, () => batchedRead(ctx.db, work));
}

async function recordingDenials<T>(ctx: RequestContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ServiceError && error.denial) await emitDurably(ctx, (await takeDenial(error, ctx.db))!);
    throw error;
  }
}
