import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTableColumns, sql } from "drizzle-orm";
import { openDatabase, rowsOf } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { auditChainKit } from "@/lib/testing/audit-chain-fixtures";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { withTx } from "@/lib/services/transaction";
import { createCheckpoint } from "./checkpoint";
import { auditWrittenColumns, emit } from "./emit";
import { sequenceAll, sequencePending } from "./sequencer";
import { verifyChain } from "./verify";

// What the database itself guarantees of the audit log, whatever the application does: rows are never
// changed or removed (but for the sequencer's one chaining), details are JSON objects, and no event is
// lost or left out of the chain among many concurrent writers. (Tampering and verification: chain.int.test.ts.)

let t: TestDatabase;
const { key, publicKeys, writeEvents, chainedCount } = auditChainKit(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  await writeEvents(10, "base");
  await chainAll(t.database);
  expect(await chainedCount()).toBe(10);
  // A checkpoint, for the refusal to remove one.
  await createCheckpoint(t.database.db, await t.ctxFor("auditor@oversight.example"), key);
});
afterAll(async () => {
  await t?.close();
});

describe("the database keeps the log append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, and a second chaining of an event", async () => {
    const db = t.database.db;
    // The database's own refusal (the triggers'), not just any error.
    const refusal = (statement: ReturnType<typeof sql>) =>
      db.execute(statement).then(
        () => "done",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(sql`update ${auditEvents} set purpose = 'x' where seq = 1`)).toMatch(/^audit log is append-only: UPDATE on audit_events/);
    expect(await refusal(sql`update ${auditEvents} set seq = 999 where seq = 1`)).toMatch(/^audit log is append-only: UPDATE on audit_events/);
    expect(await refusal(sql`delete from ${auditEvents} where seq = 1`)).toMatch(/^audit log is append-only: DELETE on audit_events/);
    expect(await refusal(sql`truncate ${auditEvents}`)).toMatch(/^audit log is append-only: TRUNCATE on audit_events/);
    expect(await refusal(sql`delete from audit_checkpoints`)).toMatch(/^audit log is append-only: DELETE on audit_checkpoints/);
    expect((await verifyChain(db, { publicKeys })).ok).toBe(true);
  });

  it("lets the sequencer chain an event once, and refuses a chaining that changes any other column with it", async () => {
    const db = t.database.db;
    const ctx = await t.ctxFor("officer@hoshino.example");
    await withTx(ctx, (tx) => emit(tx, ctx, { action: "auth.sign_in", outcome: "allowed", details: { sessionId: crypto.randomUUID() } }));
    const [event] = rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from ${auditEvents} where request_id = ${ctx.requestId} and seq is null`));
    const chaining = sql`seq = 1000000, hash = ${"a".repeat(64)}, chain_version = 1`;
    // A changed value for every column the chain does not fill in.
    const changes: Record<string, ReturnType<typeof sql>> = {
      id: sql`id + 1000000`,
      occurred_at: sql`occurred_at - interval '1 microsecond'`,
      actor_user_id: sql`gen_random_uuid()`,
      actor_org_id: sql`gen_random_uuid()`,
      actor_role: sql`'platform_admin'`,
      action: sql`'auth.sign_out'`,
      target_type: sql`'user'`,
      target_id: sql`'someone'`,
      target_org_id: sql`gen_random_uuid()`,
      outcome: sql`'denied'`,
      purpose: sql`'another purpose'`,
      request_id: sql`'another request'`,
      client_ip: sql`'192.0.2.1'`,
      user_agent: sql`'another agent'`,
      details: sql`details || '{"altered": true}'`,
      tx_id: sql`pg_current_xact_id()`,
    };
    const columns = Object.values(getTableColumns(auditEvents)).map((c) => c.name).filter((name) => !["seq", "hash", "chain_version"].includes(name));
    expect(Object.keys(changes).sort()).toEqual(columns.sort());
    // What the database said: the statement's failure, or "chained" (then rolled back).
    const tryUpdate = (set: ReturnType<typeof sql>) =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`update ${auditEvents} set ${set} where id = ${event!.id}::bigint`);
          tx.rollback();
        })
        .then(
          () => "committed",
          (e: Error & { cause?: Error }) => (e.message === "Rollback" ? "chained" : (e.cause?.message ?? e.message)),
        );
    for (const [column, value] of Object.entries(changes)) {
      // The trigger's refusal; a new id or time moves the row to another partition (DELETE and INSERT), which the DELETE trigger refuses too.
      expect(await tryUpdate(sql`${chaining}, ${sql.raw(column)} = ${value}`), column).toMatch(/^audit log is append-only: (UPDATE|DELETE) on audit_events/);
    }
    expect(await tryUpdate(chaining)).toBe("chained");
  });
});

describe("the database fills in what a writer may not choose", () => {
  it("lets the role of request transactions insert only the columns emit() writes: never an id, a time, a transaction or a place in the chain", async () => {
    const db = t.database.db;
    const insertable = rowsOf<{ column_name: string }>(
      await db.execute(sql`select a.attname as column_name from pg_attribute a
        where a.attrelid = 'audit_events'::regclass and a.attnum > 0 and not a.attisdropped
          and has_column_privilege('app_rls', 'audit_events', a.attname, 'INSERT')`),
    ).map((r) => r.column_name);
    expect(insertable.sort()).toEqual([...auditWrittenColumns].sort());
    for (const column of ["id", "occurred_at", "tx_id", "seq", "chain_version", "hash"]) expect(auditWrittenColumns).not.toContain(column);

    const asRequest = (insert: ReturnType<typeof sql>) =>
      db
        .transaction(async (tx) => {
          await tx.execute(sql`set local role app_rls`);
          await tx.execute(insert);
          tx.rollback();
        })
        .then(
          () => "committed",
          (e: Error & { cause?: Error }) => (e.message === "Rollback" ? "inserted" : (e.cause?.message ?? e.message)),
        );
    const forged = {
      occurred_at: sql`insert into ${auditEvents} (occurred_at, action, outcome) values ('2020-01-01T00:00:00Z', 'auth.sign_in', 'allowed')`,
      chained: sql`insert into ${auditEvents} (action, outcome, seq, chain_version, hash) values ('auth.sign_in', 'allowed', 1, 1, repeat('a', 64))`,
      tx_id: sql`insert into ${auditEvents} (action, outcome, tx_id) values ('auth.sign_in', 'allowed', '9999999999'::xid8)`,
      id: sql`insert into ${auditEvents} (id, action, outcome) values (1, 'auth.sign_in', 'allowed')`,
    };
    for (const [what, insert] of Object.entries(forged)) expect(await asRequest(insert), what).toMatch(/^permission denied for (table|relation) audit_events/);
    expect(await asRequest(sql`insert into ${auditEvents} (action, outcome, details) values ('auth.sign_in', 'allowed', '{}')`)).toBe("inserted");
    // emit() itself, under the same role.
    const ctx = await t.ctxFor("officer@hoshino.example");
    const emitted = await db
      .transaction(async (tx) => {
        await tx.execute(sql`set local role app_rls`);
        await emit(tx, ctx, { action: "auth.sign_in", outcome: "allowed", details: { sessionId: crypto.randomUUID() } });
        tx.rollback();
      })
      .then(() => "committed", (e: Error & { cause?: Error }) => (e.message === "Rollback" ? "emitted" : (e.cause?.message ?? e.message)));
    expect(emitted).toBe("emitted");
  });
});

describe("the database keeps details to objects", () => {
  it("refuses details that are not a JSON object, null among them, in every month's partition, those made later too", async () => {
    const db = t.database.db;
    await db.execute(sql`select audit_ensure_partitions('2031-01-01T00:00:00Z'::timestamptz, '2031-01-01T00:00:00Z'::timestamptz)`);
    const refusalOf = (details: string, at = sql`now()`) =>
      db
        .execute(sql`insert into ${auditEvents} (occurred_at, action, outcome, details) values (${at}, 'auth.sign_in', 'allowed', ${details}::jsonb)`)
        .then(() => "inserted", (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    for (const details of ["null", "[]", '"text"', "1"]) expect(await refusalOf(details), details).toMatch(/violates check constraint "audit_events_details_object_check"/);
    expect(await refusalOf("null", sql`'2031-01-15T00:00:00Z'::timestamptz`)).toMatch(/violates check constraint "audit_events_details_object_check"/);
  });
});

describe("many writers", () => {
  it("32 parallel audited writes, with the sequencer running alongside: no gaps, none lost, the chain verifies", async () => {
    const before = await chainedCount();
    const pending = Number(rowsOf<{ n: string }>(await t.database.db.execute(sql`select count(*) as n from ${auditEvents} where seq is null`))[0]!.n);
    let writing = true;
    const sequencer = (async () => {
      while (writing) await sequencePending(t.database.db, 7);
    })();
    await Promise.all(Array.from({ length: 32 }, (_, i) => writeEvents(3, `parallel-${i}`)));
    writing = false;
    await sequencer;
    await chainAll(t.database);
    const result = await verifyChain(t.database.db, { publicKeys });
    expect(result).toMatchObject({ ok: true, pending: 0 });
    expect(result.checkedThrough).toBe(before + pending + 96);
  });

  it.runIf(testDatabaseKind() === "postgres")("32 audited writes in flight at one moment, on 32 connections, while the sequencer runs: none lost, none left out", async () => {
    // The test above issues 32 writers at once, but its pool has 10 connections: here each writer holds its
    // transaction, its event inserted and uncommitted, until the database shows all 32 so at the same time.
    const wide = await openDatabase({ url: t.url!, poolSize: 34 });
    let release = () => {};
    try {
      const before = await chainedCount();
      const pending = Number(rowsOf<{ n: string }>(await t.database.db.execute(sql`select count(*) as n from ${auditEvents} where seq is null`))[0]!.n);
      const ctxs = await Promise.all(Array.from({ length: 32 }, (_, i) => t.ctxFor(i % 2 ? "reviewer@esb.example" : "officer@hoshino.example")));
      const released = new Promise<void>((resolve) => (release = resolve));
      let writing = true;
      const sequencer = (async () => {
        while (writing) await sequencePending(t.database.db, 7);
      })();
      const writers = ctxs.map((base, i) => {
        const ctx = { ...base, db: wide.db };
        return withTx(ctx, async (tx) => {
          await emit(tx, ctx, { action: "access.denied", outcome: "denied", target: { type: "company_profile", id: `in-flight-${i}` }, details: { attempted: "profile.read", reason: "in flight" } });
          await released;
        });
      });
      // Transactions of this database that hold an uncommitted audit insert, their last statement, and wait.
      const inFlight = async () =>
        Number(
          rowsOf<{ n: string }>(
            await t.database.db.execute(
              sql`select count(*) as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and backend_xid is not null
                and query ilike 'insert into "audit_events"%'`,
            ),
          )[0]!.n,
        );
      for (let tries = 0; (await inFlight()) < 32; tries++) {
        expect(tries, "32 writers never held their transactions at once").toBeLessThan(200);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await inFlight()).toBe(32);
      release();
      await Promise.all(writers);
      writing = false;
      await sequencer;
      await chainAll(t.database);
      const result = await verifyChain(t.database.db, { publicKeys });
      expect(result).toMatchObject({ ok: true, pending: 0 });
      expect(result.checkedThrough).toBe(before + pending + 32);
      const chained = rowsOf<{ n: string }>(
        await t.database.db.execute(sql`select count(distinct seq) as n from ${auditEvents} where target_id like 'in-flight-%' and seq is not null`),
      );
      expect(Number(chained[0]!.n)).toBe(32);
    } finally {
      release();
      await wide.close();
    }
  });

  it.runIf(testDatabaseKind() === "postgres")("waits for a transaction still running, then chains its event too", async () => {
    const other = await openDatabase({ url: t.url! });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
      const slow = other.db.transaction(async (tx) => {
        await tx.execute(sql`insert into ${auditEvents} (action, outcome, details) values ('auth.sign_in', 'allowed', '{"slow": true}')`);
        inserted();
        await held;
      });
      await insertedYet;
      await writeEvents(2, "after-slow");
      await sequenceAll(t.database.db);
      const waiting = rowsOf<{ n: string }>(await t.database.db.execute(sql`select count(*) as n from ${auditEvents} where seq is null`));
      expect(Number(waiting[0]!.n)).toBe(2); // committed after the slow one began: they wait with it
      release();
      await slow;
      await chainAll(t.database);
      const result = await verifyChain(t.database.db, { publicKeys });
      expect(result).toMatchObject({ ok: true, pending: 0 });
      const [slowEvent] = rowsOf<{ seq: string }>(await t.database.db.execute(sql`select seq from ${auditEvents} where details ->> 'slow' = 'true'`));
      expect(slowEvent).toBeDefined();
      expect(slowEvent!.seq).not.toBeNull();
    } finally {
      await other.close();
    }
  });
});
