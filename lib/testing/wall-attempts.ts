import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import { openDatabase, rowsOf, type Database, type Executor, type Tx } from "@/db/client";
import { localProductionRoles, productionRolesScript } from "@/db/production-roles";
import { installJobQueue } from "@/lib/jobs/queue";
import type { RequestContext } from "@/lib/services/context";
import type { TestDatabase } from "./test-database";

// Test support for the database's own walls (row-level security, guard triggers, the production role's
// grants): a statement tried and rolled back, and a connection as the application's production role.

type Failure = { code?: string; message: string; cause?: Failure };
export type Attempt = { error: { code?: string; message: string } | null; rows: number };
const ROLLBACK = new Error("rollback");

/**
 * Runs `statement` in a transaction rolled back afterwards, after `enter` (behind the wall as a caller,
 * say), so that one attempt never changes the next one's rows: the database's error (SQLSTATE and
 * message), or how many rows the statement returned.
 */
export async function attemptRolledBack(db: Executor, statement: SQL, enter?: (tx: Tx) => Promise<unknown>): Promise<Attempt> {
  let outcome: Attempt = { error: null, rows: 0 };
  await db
    .transaction(async (tx) => {
      await enter?.(tx);
      try {
        outcome = { error: null, rows: rowsOf(await tx.execute(statement)).length };
      } catch (error) {
        const e = error as Failure;
        outcome = { error: { code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message }, rows: 0 };
      }
      throw ROLLBACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  return outcome;
}

/** What an attempt the database refuses for want of privilege (SQLSTATE 42501) looks like, its message matching. */
export const refused = (message: RegExp) => ({ error: { code: "42501", message: expect.stringMatching(message) } });

/**
 * A connection to `t`'s database as the README's production role (PostgreSQL only: PGlite has one user),
 * after what the owner does before a release: the migrations (already run on `t`), the job queue's schema
 * (the rest of `npm run db:migrate`), then db/production-roles.sql.
 */
export async function openAsProductionRole(t: TestDatabase): Promise<Database> {
  await t.database.db.execute(sql.raw(localProductionRoles()));
  await installJobQueue(t.database);
  await t.database.db.execute(sql.raw(productionRolesScript()));
  const url = new URL(t.url!);
  url.username = "kakehashi_app";
  return openDatabase({ url: url.toString() });
}

/**
 * Inside a describe: a connection as the production role to the test file's database, opened before its
 * tests and closed after. `db()` is that connection; `as` calls a service as a demo user through it.
 */
export function productionRole(database: () => TestDatabase) {
  let app: Database | undefined;
  beforeAll(async () => {
    app = await openAsProductionRole(database());
  });
  afterAll(async () => {
    await app?.close();
  });
  const db = () => app!.db;
  const as = async <T>(email: string, call: (ctx: RequestContext) => Promise<T>) => call({ ...(await database().ctxFor(email)), db: db() });
  return { db, as };
}
