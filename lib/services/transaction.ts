import type { Tx } from "@/db/client";
import { emit } from "@/lib/audit/emit";
import type { RequestContext } from "./context";
import { ServiceError } from "./errors";

/**
 * Runs `work` in a transaction (a savepoint when `ctx.db` is already one). When the work is refused with
 * an error that carries a denial, the work is rolled back and the denial is then recorded on its own,
 * so that every refused attempt leaves a trace even though nothing else was written.
 */
export async function withTx<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction((tx) => work(tx));
  } catch (error) {
    if (error instanceof ServiceError && error.denial) {
      const denial = error.denial;
      error.denial = undefined;
      await ctx.db.transaction((tx) => emit(tx, ctx, denial));
    }
    throw error;
  }
}
