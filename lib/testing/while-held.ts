import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Executor, type Tx } from "@/db/client";

/**
 * What a second request does while a first is under way: `first` runs in a transaction that is held open,
 * uncommitted, while `second` starts on the pool and reaches whatever it waits on (a lock, a unique key);
 * then the first commits and `second`'s outcome is answered with `first`'s. Deterministic where two calls
 * in a Promise.all are a race that a fix may or may not be seen to win. It passes whether or not the second
 * waited: for a second that must wait for the first, `whileBlocked`; this is for one that must not outlast
 * the first's hold (a lock_timeout that expires while the first holds its lock).
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

/** A session waiting on a lock: the lock (pg_locks), the wait as pg_stat_activity shows it, and the statement waiting. */
export interface LockWait {
  pid: number;
  locktype: string;
  mode: string;
  waitEventType: string | null;
  waitEvent: string | null;
  query: string;
}

/**
 * Polls until `count` sessions of this database wait on a lock that the session `holderPid` holds (a lock
 * not granted in pg_locks, with the holder among its pg_blocking_pids), and answers their waits. Throws
 * after `timeoutMs`, or as soon as `signal` is aborted (with its reason). PostgreSQL only; `db` must not be
 * the holder's own transaction (pg_stat_activity holds still for the length of a transaction).
 */
export async function waitUntilBlocked(
  db: Executor,
  holderPid: number,
  { count = 1, timeoutMs = 10_000, signal }: { count?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<LockWait[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    // pg_locks and pg_stat_activity are not read at one instant: a session seen waiting in the one may still
    // show, in the other, the statement before the one that waits (no wait event). Only a session both show
    // waiting on a lock is taken, so that its query is the statement that waits.
    const waits = rowsOf<LockWait>(
      await db.execute(sql`select l.pid, l.locktype, l.mode, a.wait_event_type as "waitEventType", a.wait_event as "waitEvent", a.query
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where not l.granted and a.wait_event_type = 'Lock' and a.datname = current_database() and ${holderPid}::int = any(pg_blocking_pids(l.pid))
        order by l.pid`),
    );
    if (waits.length >= count) return waits;
    if (Date.now() > deadline) throw new Error(`${waits.length} of ${count} sessions waited on a lock of session ${holderPid} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `whileHeld`, except that the first commits only once `waiters` sessions are seen waiting on locks the
 * first's transaction holds, and answers those waits: a test can then say that the second waited, and on
 * what, where a fixed pause passes just the same when the second never waited (ran before the first took
 * its lock, or after it committed). Fails if the second settles, or `timeoutMs` passes, before then. On
 * PGlite (one connection, no second session) the second cannot reach the database before the first
 * commits, and `waits` is null.
 */
export async function whileBlocked<F, S>(
  database: Database,
  first: (tx: Tx) => Promise<F>,
  second: () => Promise<S>,
  { waiters = 1, timeoutMs = 10_000 }: { waiters?: number; timeoutMs?: number } = {},
): Promise<{ first: F; second: S; waits: LockWait[] | null }> {
  let started: Promise<S> | undefined;
  let waits: LockWait[] | null = null;
  const done = await database.db.transaction(async (tx) => {
    const value = await first(tx);
    const holder = database.kind === "postgres" ? rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid : null;
    const settled = new AbortController();
    started = second();
    started.then(
      () => settled.abort(new Error("the second finished without waiting on a lock of the first")),
      (error: unknown) => settled.abort(new Error(`the second failed without waiting on a lock of the first: ${String(error)}`)),
    );
    if (holder !== null) waits = await waitUntilBlocked(database.db, holder, { count: waiters, timeoutMs, signal: settled.signal });
    return value;
  });
  return { first: done, second: await started!, waits };
}
