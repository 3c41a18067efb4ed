import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import type { TablesRelationalConfig } from "drizzle-orm";
import type { Sql, TransactionSql } from "postgres";
import type { Executor, Tx } from "./client";

/** A statement the work issued after its batch had gone: it would have run outside the transaction. */
export class LateStatementError extends Error {
  constructor() {
    super("A batched read issues all its statements at once: this one came after the batch was sent (and its COMMIT).");
  }
}

type TxSession = PostgresJsSession<TransactionSql & Sql, Record<string, unknown>, TablesRelationalConfig>;
type SessionArgs = ConstructorParameters<typeof PostgresJsSession<TransactionSql & Sql, Record<string, unknown>, TablesRelationalConfig>>;
type SessionInternals = { dialect: SessionArgs[1]; options: SessionArgs[3] };

/**
 * Read-only work in one round trip on PostgreSQL: BEGIN, every statement `work` issues at once, and
 * COMMIT leave in one write on one connection, instead of BEGIN, the statements and COMMIT each waiting
 * for the answer before them (three writes and three waits, each a system call on both sides).
 *
 * The batch closes at the end of the event-loop turn that started it: every statement `work` issues
 * before awaiting anything — synchronously or in the microtasks that follow — is in it, in order, and
 * COMMIT follows them (postgres.js keeps a connection's statements in the order they were handed over).
 * A statement issued later (after awaiting a result) is refused with LateStatementError rather than run
 * outside the transaction. If any statement fails, PostgreSQL aborts the transaction, the statements
 * after it fail too and COMMIT rolls back; the failure is thrown, and no result of the batch is returned
 * — so a failed BEGIN, after which the rest would have run one by one, cannot hand anything back either.
 *
 * Only for reads (the transaction is READ ONLY): by the time `work` sees a result, the transaction has
 * already ended. On PGlite (in process, no round trips to save) it is a read-only transaction of the usual
 * kind, and inside a transaction (a test's, or a caller's) a savepoint.
 */
export async function batchedRead<T>(db: Executor, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = (db as { $client?: unknown }).$client;
  if (is(db as object, PgTransaction)) return db.transaction(work);
  if (!isPostgresJs(client)) return db.transaction(work, { accessMode: "read only" });
  const { dialect, options } = (db as unknown as { session: SessionInternals }).session;
  const reserved = await client.reserve();
  try {
    // The connection is reserved for this batch and ends it with COMMIT, as a transaction's would.
    // No relational schema: the code base uses no relational queries, and building their helpers for every
    // read cost more than the rest of the transaction object.
    const session: TxSession = new PostgresJsSession(reserved as unknown as TransactionSql & Sql, dialect, undefined, options);
    let closed = false;
    const prepareQuery = session.prepareQuery.bind(session);
    session.prepareQuery = ((...args: Parameters<typeof prepareQuery>) => {
      if (closed) throw new LateStatementError();
      return prepareQuery(...args);
    }) as typeof session.prepareQuery;
    const tx = new PostgresJsTransaction(dialect, session, undefined) as unknown as Tx;
    let commit: Promise<unknown> | undefined;
    // Scheduled before BEGIN is handed over, so it runs before postgres.js's own flush of this turn's writes.
    const closing = new Promise<void>((resolve) =>
      setImmediate(() => {
        closed = true;
        commit = reserved.unsafe("commit", [], { prepare: true }).execute();
        resolve();
      }),
    );
    const begin = reserved.unsafe("begin read only", [], { prepare: true }).execute();
    let result: Promise<T>;
    try {
      result = work(tx);
    } catch (error) {
      result = Promise.reject(error);
    }
    // Settled at once, so that a refusal of the work before the batch closes is not an unhandled rejection.
    const batch = Promise.allSettled([begin, result]);
    await closing;
    const [[begun, done], [committed]] = await Promise.all([batch, Promise.allSettled([commit!])]);
    if (begun!.status === "rejected") throw begun!.reason;
    if (done!.status === "rejected") throw done!.reason;
    if (committed!.status === "rejected") throw committed!.reason;
    return (done as PromiseFulfilledResult<T>).value;
  } finally {
    reserved.release();
  }
}

function isPostgresJs(client: unknown): client is Sql {
  return typeof client === "function" && typeof (client as Partial<Sql>).reserve === "function";
}

