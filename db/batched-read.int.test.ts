import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpProxy } from "@/lib/testing/tcp-proxy";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { batchedRead, LateStatementError } from "./batched-read";
import { openDatabase, rowsOf, type Database, type Executor } from "./client";

// A batched read (db/batched-read.ts): BEGIN, the work's statements and COMMIT in one write. On PGlite it is
// a plain transaction; the same checks of what runs inside it hold on both drivers.
const onServer = testDatabaseKind() === "postgres";

let t: TestDatabase;
let proxy: TcpProxy | undefined;
let database: Database;

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  if (!onServer) {
    database = t.database;
    return;
  }
  const target = new URL(t.url!);
  proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const viaProxy = new URL(t.url!);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  database = await openDatabase({ url: viaProxy.toString(), poolSize: 1 });
});
afterAll(async () => {
  if (database !== t?.database) await database?.close();
  await proxy?.stop();
  await t?.close();
});

/** Drizzle wraps the driver's error; the database's own message is its cause's. */
const failingWith = (pattern: RegExp) => (error: unknown) => pattern.test(String((error as { cause?: Error }).cause?.message ?? error));

const one = async <T>(db: Executor, query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query))[0]!;

describe("a batched read", () => {
  it("runs the work's statements in one read-only transaction, in the order they were issued", async () => {
    const [first, second] = await batchedRead(database.db, (tx) =>
      Promise.all([
        one<{ mark: string; at: string; readOnly: string }>(tx, sql`select set_config('app.batch_mark', 'first', true) as mark, now()::text as at, current_setting('transaction_read_only') as "readOnly"`),
        one<{ mark: string; at: string }>(tx, sql`select current_setting('app.batch_mark', true) as mark, now()::text as at`),
      ]),
    );
    expect(first!.readOnly).toBe("on");
    // A setting local to the transaction, made by the first statement, is seen by the second; now() is the transaction's start.
    expect(second!.mark).toBe("first");
    expect(second!.at).toBe(first!.at);
    // Ended: the next statement on the database is outside that transaction.
    expect((await one<{ mark: string | null }>(database.db, sql`select current_setting('app.batch_mark', true) as mark`)).mark ?? "").toBe("");
  });

  it.skipIf(!onServer)("sends BEGIN, the statements and COMMIT in one write", async () => {
    await batchedRead(database.db, (tx) => one(tx, sql`select 1 as warm`)); // the connection is open and its statement known
    const before = proxy!.clientChunks;
    const result = await batchedRead(database.db, (tx) => Promise.all([one<{ n: number }>(tx, sql`select 1 as n`), one<{ n: number }>(tx, sql`select 2 as n`)]));
    expect(result.map((r) => r.n)).toEqual([1, 2]);
    expect(proxy!.clientChunks - before).toBe(1);
  });

  it("refuses a statement issued after a result was awaited, instead of running it outside the transaction", async () => {
    const late = batchedRead(database.db, async (tx) => {
      await one(tx, sql`select 1 as n`);
      return one(tx, sql`select 2 as n`);
    });
    if (onServer) await expect(late).rejects.toBeInstanceOf(LateStatementError);
    else await expect(late).resolves.toEqual({ n: 2 }); // PGlite: a plain transaction, where that is allowed
  });

  it("fails as a whole when a statement fails, and leaves the connection usable", async () => {
    await expect(batchedRead(database.db, (tx) => Promise.all([one(tx, sql`select 1 as n`), one(tx, sql`select 1 / 0 as n`)]))).rejects.toSatisfy(failingWith(/division by zero/));
    await expect(batchedRead(database.db, () => Promise.reject(new Error("refused before any statement")))).rejects.toThrow("refused before any statement");
    expect(await batchedRead(database.db, (tx) => one<{ n: number }>(tx, sql`select 3 as n`))).toEqual({ n: 3 });
    expect(await one<{ open: boolean }>(database.db, sql`select pg_current_xact_id_if_assigned() is null as open`)).toEqual({ open: true });
  });

  it("refuses to write", async () => {
    await expect(batchedRead(database.db, (tx) => tx.execute(sql`create temporary table batched_read_write (n int)`))).rejects.toSatisfy(failingWith(/read-only transaction/));
  });

  it.skipIf(!onServer)("leaves the pool whole when its connection is lost mid-batch", async () => {
    // The server ends the batch's connection while it runs (a restart, an operator). postgres.js used to put
    // the reserved connection back into the pool after it had closed (db/patches): every later batch on it
    // then waited forever. Now the batch fails, and the next ones are served, as after any lost connection.
    const admin = await openDatabase({ url: t.url!, poolSize: 1 });
    try {
      // Its failure is taken at once: it may come while the terminating statement is still on its way back,
      // and a rejection nobody handles yet is reported as unhandled (it failed a clean-clone CI run).
      const dying = batchedRead(database.db, (tx) => tx.execute(sql`select pg_sleep(5) as slept`)).then(
        () => null,
        (error: unknown) => error,
      );
      await eventually(async () => rowsOf<{ n: number }>(await admin.db.execute(sql`select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(5)%' and pid <> pg_backend_pid()`))[0]!.n === 1);
      await admin.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(5)%' and pid <> pg_backend_pid()`);
      expect(await dying).toBeInstanceOf(Error);
      const served = async () => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const answer = await within(3_000, batchedRead(database.db, (tx) => one<{ n: number }>(tx, sql`select 4 as n`)).catch(() => null));
          if (answer === "timed out") return answer;
          if (answer) return answer;
        }
        return null;
      };
      expect(await served()).toEqual({ n: 4 });
      expect(await within(3_000, one<{ n: number }>(database.db, sql`select 5 as n`))).toEqual({ n: 5 });
    } finally {
      await admin.close();
    }
  });
});

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), ms))]);

async function eventually(probe: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error("not within the time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
