import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, migrationsFolder, rowsOf } from "@/db/client";
import { seedDemo } from "@/lib/demo/seed-demo";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

// Upgrades, on both drivers: a database migrated by an earlier release gets every migration added since,
// including one whose journal time had to move (0018), and one that already ran it under its old time
// runs it again harmlessly.

type Journal = { entries: { idx: number; tag: string; when: number }[] };
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as Journal;
const folders: string[] = [];
const databases: TestDatabase[] = [];

/** A copy of the migrations folder whose journal stops after `lastTag`, as an earlier release shipped it. */
function releaseUpTo(lastTag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "kh-migrations-"));
  folders.push(folder);
  cpSync(migrationsFolder, folder, { recursive: true });
  const upTo = journal.entries.findIndex((e) => e.tag === lastTag);
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo + 1) }));
  return folder;
}

async function emptyDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase({ migrate: false });
  databases.push(t);
  return t;
}

const hasReminderColumn = async (t: TestDatabase) =>
  rowsOf<{ n: number }>(
    await t.database.db.execute(sql`select count(*)::int as n from information_schema.columns where table_name = 'api_tokens' and column_name = 'expiry_reminded_at'`),
  )[0]!.n === 1;

afterAll(async () => {
  for (const t of databases) await t.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("upgrading a database", () => {
  it("applies every migration added since the release it was migrated by (from 0017)", async () => {
    const t = await emptyDatabase();
    await migrateDatabase(t.database, releaseUpTo("0017_audit_chain_once_rowwise"));
    expect(await hasReminderColumn(t)).toBe(false);
    await migrateDatabase(t.database);
    expect(await hasReminderColumn(t)).toBe(true);
  });

  it("runs 0018 again, harmlessly, where it ran under its first journal time", async () => {
    const t = await emptyDatabase();
    await migrateDatabase(t.database);
    // As such a database records it: 0018 applied with a time earlier than 0017's.
    const moved = journal.entries.find((e) => e.tag === "0018_token_expiry_reminders")!.when;
    await t.database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = 1796504116586 where created_at = ${moved}`);
    await migrateDatabase(t.database);
    expect(await hasReminderColumn(t)).toBe(true);
  });

  it("holds new disclosures to periods from 2000 on (0054), and keeps one filed for an earlier year before as it was", async () => {
    const t = await emptyDatabase();
    await migrateDatabase(t.database, releaseUpTo("0053_review_notices_due"));
    await seedDemo(t.database.db);
    const file = (period: string) =>
      t.database.db.execute(sql`insert into disclosures (organisation_id, reporting_period, created_by, updated_by)
        select m.organisation_id, ${period}, m.user_id, m.user_id from memberships m join users u on u.id = m.user_id where u.email = 'officer@minato.example'`);
    await file("1999-H1");
    await migrateDatabase(t.database);
    const periods = async () => rowsOf<{ p: string }>(await t.database.db.execute(sql`select reporting_period as p from disclosures where reporting_period < '2000' order by 1`)).map((r) => r.p);
    expect(await periods()).toEqual(["1999-H1"]);
    await expect(file("1999-H2")).rejects.toMatchObject({ cause: expect.objectContaining({ code: "23514" }) });
    await expect(file("0000-H1")).rejects.toMatchObject({ cause: expect.objectContaining({ code: "23514" }) });
    await file("2099-H1");
    expect(await periods()).toEqual(["1999-H1"]);
  });
});
