import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

// For the tests that show a change commits with its audit event or not at all: the database is made to
// refuse the audit insert, and the change must then leave nothing behind.

/** From now on the database refuses to record `action` (every action, when none is named). */
export async function refuseToRecord(database: Database, action?: string): Promise<void> {
  await database.db.execute(
    sql.raw(`create or replace function kh_test_refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit store unavailable (test)'; end $$`),
  );
  const only = action === undefined ? "" : `when (new.action = '${action.replace(/'/g, "''")}')`;
  await database.db.execute(
    sql.raw(`create trigger kh_test_refuse_audit before insert on audit_events
      for each row ${only} execute function kh_test_refuse_audit()`),
  );
}

/** The database records every action again. */
export async function recordAgain(database: Database): Promise<void> {
  await database.db.execute(sql.raw("drop trigger if exists kh_test_refuse_audit on audit_events"));
}
