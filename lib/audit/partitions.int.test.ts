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
    expect(names.at(-1)).toBe("audit_events_default");
    const ctx = await t.ctxFor("officer@hoshino.example");
    await withTx(ctx, (tx) => emit(tx, ctx, { action: "auth.sign_in", outcome: "allowed", details: { sessionId: crypto.randomUUID() } }));
    expect(await partitionOf(sql`request_id = ${ctx.requestId}`)).toEqual([monthName(new Date())]);
  });

  it("keeps an event dated outside every month in the default partition, and then leaves that month alone", async () => {
    await t.database.db.execute(sql`insert into ${auditEvents} (occurred_at, action, outcome, request_id) values ('2019-03-10T00:00:00Z', 'auth.sign_in', 'allowed', 'old-one')`);
    expect(await partitionOf(sql`request_id = 'old-one'`)).toEqual(["audit_events_default"]);
    // 2019-02 and 2019-04 are created; 2019-03 stays in the default partition with its event.
    expect(await ensureAuditPartitions(t.database.db, new Date("2019-02-01T00:00:00Z"), 2)).toBe(2);
    const names = (await listAuditPartitions(t.database.db)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["audit_events_2019_02", "audit_events_2019_04"]));
    expect(names).not.toContain("audit_events_2019_03");
    expect(await ensureAuditPartitions(t.database.db, new Date("2019-02-01T00:00:00Z"), 2)).toBe(0);
    await t.database.db.execute(sql`insert into ${auditEvents} (occurred_at, action, outcome, request_id) values ('2019-04-30T23:59:59.999999Z', 'auth.sign_in', 'allowed', 'edge')`);
    expect(await partitionOf(sql`request_id = 'edge'`)).toEqual(["audit_events_2019_04"]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE on a partition reached directly, and the chain spans partitions", async () => {
    const db = t.database.db;
    await chainAll(t.database);
    const part = sql.raw(monthName(new Date()));
    await expect(db.execute(sql`update ${part} set purpose = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from ${part}`)).rejects.toThrow();
    await expect(db.execute(sql`truncate ${part}`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events_2019_04`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events_default`)).rejects.toThrow();
    const result = await verifyChain(db);
    expect(result).toMatchObject({ ok: true, pending: 0 });
    expect(new Set(await partitionOf(sql`seq is not null`)).size).toBeGreaterThanOrEqual(3);
  });
});
