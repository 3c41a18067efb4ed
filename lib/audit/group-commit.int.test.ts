import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "@/lib/services/context";
import { emitDurably } from "./emit";
import type { AuditEvent } from "./events";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // A way to make one batch fail in the database itself: an event with this purpose is refused.
  await t.database.db.execute(sql`create function test_refuse_marked() returns trigger language plpgsql as $$
    begin if new.purpose = 'refuse me' then raise exception 'refused for the test'; end if; return new; end $$`);
  await t.database.db.execute(sql`create trigger test_refuse_marked before insert on audit_events for each row execute function test_refuse_marked()`);
});
afterAll(() => t?.close());

const read = (purpose: string): AuditEvent => ({
  action: "profile.read",
  outcome: "allowed",
  purpose,
  target: { type: "company_profile", id: "00000000-0000-4000-8000-000000000101" },
  details: {},
});

async function eventsOf(ctx: RequestContext) {
  return ctx.db.select({ purpose: auditEvents.purpose, txId: auditEvents.txId }).from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
}

describe("group commit of events that stand on their own", () => {
  it("writes the events of concurrent callers together, each durable when its promise settles", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    await Promise.all(Array.from({ length: 40 }, (_, i) => emitDurably(ctx, read(`read ${i}`))));
    const rows = await eventsOf(ctx);
    expect(rows.map((r) => r.purpose).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `read ${i}`).sort());
    // The first caller's event goes out alone; the 39 that queued meanwhile share a statement and a commit.
    expect(new Set(rows.map((r) => r.txId)).size).toBeLessThanOrEqual(2);
  });

  it("fails every caller of a batch that fails, writes none of it, and goes on with the next batch", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    const first = emitDurably(ctx, read("alone"));
    const batch = [emitDurably(ctx, read("queued a")), emitDurably(ctx, read("refuse me")), emitDurably(ctx, read("queued b"))];
    await first;
    const settled = await Promise.allSettled(batch);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    await emitDurably(ctx, read("after"));
    expect((await eventsOf(ctx)).map((r) => r.purpose).sort()).toEqual(["after", "alone"]);
  });

  it("inside a transaction, writes the event there, so it rolls back with it", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    let inside: unknown[] = [];
    const ended = await t.database.db
      .transaction(async (tx) => {
        await emitDurably({ ...ctx, db: tx }, read("in a transaction"));
        inside = await eventsOf({ ...ctx, db: tx });
        tx.rollback();
      })
      .then(
        () => "committed",
        (e: Error) => e.message,
      );
    // Written in the transaction (seen there), and gone with its rollback.
    expect(ended).toBe("Rollback");
    expect(inside).toHaveLength(1);
    expect(await eventsOf(ctx)).toEqual([]);
  });
});
