import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { selectChainRows } from "./chain-rows";
import { sequenceAll, sequencePending, writeChainLinks } from "./sequencer";

// The sequencer's UPDATE must find each event by an index probe in its partition, however many events the
// month holds: a plan that scans partitions costs every pass time in proportion to the month's events.
// The partition is left unanalyzed, as a month being written is until autovacuum first gets to it.

const BULK = 20_000;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  await t.database.db.execute(sql`select audit_ensure_partitions('2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z')`);
  await t.database.db.execute(sql`
    insert into audit_events (occurred_at, action, outcome, request_id, details)
    select timestamptz '2019-01-01 00:00:00+00' + g * interval '1 second', 'test.bulk', 'allowed', 'bulk-' || g, '{}'::jsonb
    from generate_series(1, ${BULK}) as g`);
});
afterAll(() => t?.close());

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe("the sequencer's UPDATE", () => {
  it("probes each event's partition by its key instead of scanning the log", async () => {
    const db = t.database.db;
    const pending = await selectChainRows(db, sql`${auditEvents.seq} is null`, sql`${auditEvents.id}`, 100);
    const links = pending.map((e, i) => ({ id: e.id, occurredAt: e.occurredAt, seq: i + 1, hash: "0".repeat(64) }));
    // What writeChainLinks sends, with its UPDATE explained instead of run.
    const [row] = await db.transaction(async (tx) => {
      let explained: { "QUERY PLAN": unknown }[] = [];
      const explaining = {
        execute: async (query: SQL) => {
          if (!/^\s*update/.test(new PgDialect().sqlToQuery(query).sql)) return tx.execute(query);
          explained = rowsOf(await tx.execute(sql`explain (format json) ${query}`));
        },
      };
      await writeChainLinks(explaining, links);
      return explained;
    });
    const plan = (typeof row!["QUERY PLAN"] === "string" ? JSON.parse(row!["QUERY PLAN"]) : row!["QUERY PLAN"]) as { Plan: PlanNode }[];
    // The month holding the events (the empty months around today cost nothing whichever way they are read).
    const month = nodesOf(plan[0]!.Plan).filter((n) => n["Relation Name"] === "audit_events_2019_01");
    expect(month.map((n) => n["Node Type"])).toEqual(["Index Scan"]);
  });

  it("chains every pending event", async () => {
    const db = t.database.db;
    // Passes until none is pending: a pass leaves events alone while an older transaction of the server
    // runs (another test file's), and a single pass then chained none (a clean-clone run saw 0).
    expect(await chainAll(t.database)).toBe(BULK);
    expect(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from audit_events where seq is null`))).toEqual([{ n: 0 }]);
  });
});

describe("the sequencer's searches", () => {
  it("skips the entries chained events leave in the pending index, instead of reading them again at every pass", async () => {
    const db = t.database.db;
    await sequenceAll(db); // the bulk of the first test, if it ran alone
    await db.execute(sql`alter table audit_events_2019_01 set (autovacuum_enabled = false)`); // no VACUUM cleans up meanwhile
    await db.execute(sql`
      insert into audit_events (occurred_at, action, outcome, request_id, details)
      select timestamptz '2019-01-20 00:00:00+00' + g * interval '1 second', 'test.later', 'allowed', 'later-' || g, '{}'::jsonb
      from generate_series(1, 300) as g`);
    await chainAll(t.database); // events wait while any older transaction of the server runs (other test files')
    // Entries of the pending index this transaction's scans returned, so far (PostgreSQL's per-transaction counter).
    const returned = async (tx: typeof db) =>
      rowsOf<{ n: number }>(
        await tx.execute(sql`select coalesce(sum(pg_stat_get_xact_tuples_returned(indexrelid)), 0)::int as n from pg_index
          where indrelid = 'audit_events_2019_01'::regclass and pg_get_expr(indpred, indrelid) = '(seq IS NULL)'`),
      )[0]!.n;
    const twoPasses = () =>
      db.transaction(async (tx) => {
        expect(await sequencePending(tx)).toBe(0);
        const afterFirst = await returned(tx);
        expect(await sequencePending(tx)).toBe(0);
        return [afterFirst, (await returned(tx)) - afterFirst] as const;
      });
    // The first pass with nothing to chain still meets the entries left since the last VACUUM (the bulk's
    // and these 300), and marks them; the next meets none. With a bitmap scan, every pass met them all.
    const [first] = await twoPasses();
    expect(first).toBeGreaterThanOrEqual(300);
    // A pass can mark an entry only once no transaction that might still see the row's old version runs
    // (in this database: an autovacuum ANALYZE of another table, on a busy machine): until then it meets
    // them again. So passes go on, a moment apart, until one could; with a bitmap scan none ever can.
    let [, second] = await twoPasses();
    for (const deadline = Date.now() + 20_000; second !== 0 && Date.now() < deadline; [, second] = await twoPasses()) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(second).toBe(0);
    // At this size the planner picks an index scan even with bitmap scans allowed, so the counts above
    // would pass without the pass's own setting: that the pass turns them off for its transaction is checked
    // on its own.
    const setting = await db.transaction(async (tx) => {
      await sequencePending(tx);
      return rowsOf<{ value: string }>(await tx.execute(sql`select current_setting('enable_bitmapscan') as value`))[0]!.value;
    });
    expect(setting).toBe("off");
  });

  // Twice a second on every server, over every month's partition: planned anew each time, the search cost
  // more than it took to run, and more with every month the log holds.
  it.runIf(testDatabaseKind() === "postgres")("prepares its search for pending events and for the head once per connection", async () => {
    const db = t.database.db;
    await db.execute(sql`insert into audit_events (action, outcome, details) values ('test.prepared', 'allowed', '{}'::jsonb), ('test.prepared', 'allowed', '{}'::jsonb)`);
    const prepared = await db.transaction(async (tx) => {
      // One event per pass, until both are chained (a pass finds none while an older transaction runs).
      for (let chained = 0, deadline = Date.now() + 30_000; chained < 2 && Date.now() < deadline; ) {
        chained += await sequencePending(tx, 1);
        if (chained < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return rowsOf<{ statement: string }>(await tx.execute(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
    });
    expect(prepared.filter((s) => s.includes("pg_snapshot_xmin(pg_current_snapshot())"))).toHaveLength(1);
    expect(prepared.filter((s) => /order by "audit_events"\."seq" desc limit \$1/.test(s))).toHaveLength(1);
  });
});
