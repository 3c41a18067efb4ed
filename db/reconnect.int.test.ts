import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { TcpProxy } from "@/lib/testing/tcp-proxy";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { within } from "@/lib/testing/within";
import { openDatabase, type Database } from "./client";

// What the server's pool does when PostgreSQL goes away and comes back (issue 8, faults): the database is
// reached through a TCP proxy that the test cuts and stops, the way a restart looks to the client. PGlite
// runs in the process and has no connection to lose.
const onServer = testDatabaseKind() === "postgres";

const settle = <T>(promise: Promise<T>) => promise.then((value) => ({ value, error: null as unknown }), (error: unknown) => ({ value: null, error }));

const CONNECT_TIMEOUT_S = 30;

let t: TestDatabase;
let proxy: TcpProxy;
let database: Database;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  if (!onServer) return;
  t = await createTestDatabase();
  const target = new URL(t.url!);
  proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const viaProxy = new URL(t.url!);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  // A connection left unable to send waits for the connect timeout: a long one here (30 s) sets such a
  // connection far apart from a slow answer on a loaded machine, so the bound below can be generous.
  database = await openDatabase({ url: viaProxy.toString(), poolSize: 2, connectTimeoutSeconds: CONNECT_TIMEOUT_S });
  process.on("uncaughtException", onUncaught);
});
afterAll(async () => {
  process.removeListener("uncaughtException", onUncaught);
  await database?.close();
  await proxy?.stop();
  await t?.close();
});

describe.skipIf(!onServer)("the PostgreSQL pool across a lost server", () => {
  // A connection can end two ways: the stream ends (the server closed it), or a reset (ECONNRESET) comes
  // first. After a reset, postgres.js saw the error first and the close only a turn of the event loop
  // later; the ROLLBACK of the transaction it had just failed came in between, and upstream forgot it on
  // the close: the reopened connection then took the first answer on it for that ROLLBACK's, and waited
  // forever for the rest (seen once in dozens of runs under load, while the resets were left to chance).
  it.each([
    { how: "closed", reset: false },
    { how: "reset", reset: true },
  ])("fails the transactions whose connections were $how as unavailable, and then serves every connection again", async ({ reset }) => {
    // Both pooled connections hold a transaction when the connections drop; postgres.js then rolls each
    // back on a socket that is gone (porsager/postgres#1208). Unpatched, that threw out of a timer and left
    // the connection unable to send anything again: every later query on it waited for the connect timeout.
    let begun = 0;
    const inFlight = [1, 2].map(() =>
      settle(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          begun += 1;
          await tx.execute(sql`select pg_sleep(5)`);
        }),
      ),
    );
    while (begun < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    proxy.cut({ reset });
    for (const { error } of await Promise.all(inFlight)) expect(isDatabaseUnavailable(error)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uncaught).toEqual([]);

    // Enough concurrent work to need both connections, twice over. A connection left unable to send waits
    // for the connect timeout (30 s): the bound stays well under it, with room for a loaded machine (clean-
    // clone CI runs under the whole suite's load went past 3 s and 4.5 s, when the timeout and bound were
    // 5 s and 4.5 s; the figure in the message says how far, next time).
    const started = Date.now();
    const answers = await within((CONNECT_TIMEOUT_S / 2) * 1000, Promise.all([1, 2, 3, 4].map((n) => database.db.transaction(async (tx) => tx.execute(sql`select ${n}::int as n, pg_sleep(0.1)`)))));
    expect(answers, `no answer after ${Date.now() - started} ms`).not.toBe("timed out");
  });

  it("answers within a second of the server coming back after an outage", async () => {
    await proxy.stop();
    // Every refused attempt made postgres.js wait longer before the next one: 20 s after a few seconds down.
    for (let i = 0; i < 8; i++) {
      const { error } = await settle(database.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
    await proxy.start();
    const started = Date.now();
    const answers = await within(3000, Promise.all([1, 2].map(() => database.db.execute(sql`select 1`))));
    expect(answers).not.toBe("timed out");
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
