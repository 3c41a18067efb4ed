import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { migrateDatabase } from "../db/client";
import { provisionAppRole } from "../db/production-roles";
import { installJobQueue } from "../lib/jobs/queue";

// Held by a release step for its whole run, on PostgreSQL: any constant, distinct from the sequencer's.
const RELEASE_STEP_LOCK = 0x6b68_0002;

/**
 * The owner's release step (`npm run db:migrate`): the migrations, the job queue's schema and, given its
 * password, the application's login role with the grants of db/production-roles.sql. Two at once (two
 * containers starting, a retried deploy) take turns: the first holds a transaction-level advisory lock on
 * a connection of its own while it works on others, and the second, once it has the lock, finds nothing
 * left to do but set the password again. Unguarded, the second failed half-way (a type created twice).
 * The embedded database is one process's alone (its folder is locked): nothing to take turns with.
 */
export async function prepareDatabase(database: Database, appPassword?: string): Promise<void> {
  const work = async () => {
    await migrateDatabase(database);
    await installJobQueue(database);
    if (appPassword !== undefined) await provisionAppRole(database.db, appPassword);
  };
  if (database.kind !== "postgres") return work();
  await database.db.transaction(async (held) => {
    await held.execute(sql`select pg_advisory_xact_lock(${RELEASE_STEP_LOCK})`);
    await work();
  });
}
