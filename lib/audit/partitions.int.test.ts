import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { chainAll, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { withTx } from "@/lib/services/transaction";
import { emit } from "./emit";
import { ensureAuditPartitions, listAuditPartitions } from "./partitions";
import { verifyChain } from "./verify";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const monthName = (d: Date) => `audit_events_${d.toISOString().slice(0, 7).replace("-", "_")}`;
const partitionOf = async (where: ReturnType<typeof sql>) =>
  rowsOf<{ part: string }>(await t.database.db.execute(sql`select tableoid::regclass::text as part from ${auditEvents} where ${where}`)).map((r) => r.part);

describe("the audit log's monthly partitions", () => {
  it("has this month and the next three ready after migration, and writes events into this month's", async () => {
    const names = (await listAuditPartitions(t.database.db)).map((p) => p.name);
    const now = new Date();
    for (let ahead = 0; ahead <= 3; ahead++) {
      expect(names).toContain(monthName(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 15))));
    }
    const ctx = await t.ctxFor("officer@hoshino.example");
    await withTx(ctx, (tx) => emit(tx, ctx, { action: "auth.sign_in", outcome: "allowed", details: { sessionId: crypto.randomUUID() } }));
    expect(await partitionOf(sql`request_id = ${ctx.requestId}`)).toEqual([monthName(new Date())]);
  });

  it("refuses an event for a month without a partition, and takes it once the month is made", async () => {
    const insertOld = (requestId: string, at: string) =>
      t.database.db.execute(sql`insert into ${auditEvents} (occurred_at, action, outcome, request_id) values (${at}::timestamptz, 'auth.sign_in', 'allowed', ${requestId})`);
    await expect(insertOld("old-one", "2019-03-10T00:00:00Z")).rejects.toThrow();
    expect(await ensureAuditPartitions(t.database.db, new Date("2019-02-01T00:00:00Z"), 2)).toBe(3);
    expect(await ensureAuditPartitions(t.database.db, new Date("2019-02-01T00:00:00Z"), 2)).toBe(0);
    const names = (await listAuditPartitions(t.database.db)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["audit_events_2019_02", "audit_events_2019_03", "audit_events_2019_04"]));
    await insertOld("old-one", "2019-03-10T00:00:00Z");
    await insertOld("edge", "2019-04-30T23:59:59.999999Z");
    expect(await partitionOf(sql`request_id = 'old-one'`)).toEqual(["audit_events_2019_03"]);
    expect(await partitionOf(sql`request_id = 'edge'`)).toEqual(["audit_events_2019_04"]);
  });

  it("reads newest first month by month, opening older months only when it needs them", async () => {
    const text = rowsOf<{ "QUERY PLAN": string }>(await t.database.db.execute(sql`explain select id from ${auditEvents} order by occurred_at desc, id desc limit 50`))
      .map((r) => r["QUERY PLAN"])
      .join("\n");
    expect(text).toContain("Append");
    expect(text).not.toContain("Merge Append");
  });

  it("refuses UPDATE, DELETE and TRUNCATE on a partition reached directly, and the chain spans partitions", async () => {
    const db = t.database.db;
    await chainAll(t.database);
    const part = sql.raw(monthName(new Date()));
    // The triggers' refusal, not any error (a partition that is not there would fail too).
    const refusal = (statement: ReturnType<typeof sql>) =>
      db.execute(statement).then(
        () => "done",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(sql`update ${part} set purpose = 'x'`)).toMatch(/^audit log is append-only: UPDATE on audit_events/);
    expect(await refusal(sql`delete from ${part}`)).toMatch(/^audit log is append-only: DELETE on audit_events/);
    expect(await refusal(sql`truncate ${part}`)).toMatch(/^audit log is append-only: TRUNCATE on audit_events_/);
    expect(await refusal(sql`truncate audit_events_2019_04`)).toMatch(/^audit log is append-only: TRUNCATE on audit_events_2019_04/);
    const result = await verifyChain(db);
    expect(result).toMatchObject({ ok: true, pending: 0 });
    expect(new Set(await partitionOf(sql`seq is not null`)).size).toBeGreaterThanOrEqual(3);
  });
});
