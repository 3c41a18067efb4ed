import { inspect } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installJobQueue } from "@/lib/jobs/queue";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileHeld } from "@/lib/testing/while-held";
import { rowsOf } from "./client";
import { AppRolePasswordError, provisionAppRole } from "./production-roles";

// `npm run db:migrate` with KAKEHASHI_APP_PASSWORD (compose.yaml's migration step): the owner makes the
// application's login role and grants it what db/production-roles.sql says. Roles belong to the whole
// server, which the test suites share; the local server trusts its clients, so the password set here
// changes no other test's connection.
describe.runIf(testDatabaseKind() === "postgres")("the application's role made by the migration step", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: false });
    await installJobQueue(t.database); // the migration step's own order: migrations, the queue's schema, the role
  });
  afterAll(async () => {
    await t?.close();
  });

  const stored = async () =>
    rowsOf<{ password: string | null; login: boolean }>(await t.database.db.execute(sql`select rolpassword as password, rolcanlogin as login from pg_authid where rolname = 'kakehashi_app'`))[0];

  it("makes kakehashi_app with the password, a hash of it stored, and applies the grants", async () => {
    await provisionAppRole(t.database.db, "0123456789abcdef0123456789abcdef");
    const first = await stored();
    expect(first).toMatchObject({ login: true, password: expect.stringMatching(/^SCRAM-SHA-256\$/) });
    const [grants] = rowsOf<Record<string, boolean>>(await t.database.db.execute(sql`select
      has_column_privilege('kakehashi_app', 'audit_events', 'action', 'INSERT') as insert_events,
      has_column_privilege('kakehashi_app', 'audit_events', 'occurred_at', 'INSERT') as insert_time,
      has_table_privilege('kakehashi_app', 'audit_events', 'DELETE') as delete_events,
      has_table_privilege('kakehashi_app', 'audit_events', 'TRUNCATE') as truncate_events,
      has_column_privilege('kakehashi_app', 'audit_events', 'purpose', 'UPDATE') as update_purpose,
      pg_has_role('kakehashi_app', 'app_rls', 'MEMBER') as row_security`));
    expect(grants).toEqual({ insert_events: true, insert_time: false, delete_events: false, truncate_events: false, update_purpose: false, row_security: true });

    // Run again (every release), with a new password: the role is kept and its password changed.
    await provisionAppRole(t.database.db, "fedcba9876543210fedcba9876543210");
    const second = await stored();
    expect(second!.password).toMatch(/^SCRAM-SHA-256\$/);
    expect(second!.password).not.toBe(first!.password);
  });

  it("never repeats the password when the server refuses to set it", async () => {
    await provisionAppRole(t.database.db, "0123456789abcdef0123456789abcdef");
    const before = await stored();
    const password = "never-print-this-password-0000";
    // Another session changes the role meanwhile: setting the password waits for it, past lock_timeout.
    // whileHeld, not whileBlocked: the second must give up while the first still holds the role, and
    // whileBlocked would commit the first as soon as it saw the wait, before the 100 ms were up (the second
    // then fails otherwise: "tuple concurrently updated"). The lock timeout asserted below proves the wait.
    const { second: refusal } = await whileHeld(
      t.database,
      (tx) => tx.execute(sql`alter role kakehashi_app connection limit -1`),
      () =>
        t.database.db.transaction(async (tx) => {
          await tx.execute(sql`set local lock_timeout = '100ms'`);
          return provisionAppRole(tx, password).then(
            () => null,
            (error: unknown) => error,
          );
        }),
    );
    expect(refusal).toBeInstanceOf(AppRolePasswordError);
    expect((refusal as Error).message).toBe("setting the password of kakehashi_app failed: canceling statement due to lock timeout (SQLSTATE 55P03)");
    expect(inspect(refusal, { depth: 10 })).not.toContain(password);
    expect(await stored()).toEqual(before);
  });

  it("refuses a password that DATABASE_URL could not carry, and changes nothing", async () => {
    await provisionAppRole(t.database.db, "0123456789abcdef0123456789abcdef");
    const before = await stored();
    await expect(provisionAppRole(t.database.db, "p@ss:word'; drop role x; --")).rejects.toThrow(/only letters, digits/);
    await expect(provisionAppRole(t.database.db, "short")).rejects.toThrow(/at least 16/);
    expect(await stored()).toEqual(before);
  });

  it("changes nothing when the grants fail: role, password and grants go in together", async () => {
    await provisionAppRole(t.database.db, "0123456789abcdef0123456789abcdef");
    const before = await stored();
    // A database where the job queue's schema was never made: db/production-roles.sql fails at its grants.
    const bare = await createTestDatabase({ seed: false });
    try {
      await expect(provisionAppRole(bare.database.db, "a-new-password-never-set-0000")).rejects.toThrow(/pgboss/);
    } finally {
      await bare.close();
    }
    expect(await stored()).toEqual(before);
  });
});
