import type { Database, Tx } from "@/db/client";

/**
 * What a second request does while a first is under way: `first` runs in a transaction that is held open,
 * uncommitted, while `second` starts on the pool and reaches whatever it waits on (a lock, a unique key);
 * then the first commits and `second`'s outcome is answered with `first`'s. Deterministic where two calls
 * in a Promise.all are a race that a fix may or may not be seen to win.
 */
export async function whileHeld<F, S>(database: Database, first: (tx: Tx) => Promise<F>, second: () => Promise<S>, settleMs = 300): Promise<{ first: F; second: S }> {
  let started: Promise<S> | undefined;
  const done = await database.db.transaction(async (tx) => {
    const value = await first(tx);
    started = second();
    // Settled at once, so that a second refused before the first commits is no unhandled rejection.
    started.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return value;
  });
  return { first: done, second: await started! };
}
