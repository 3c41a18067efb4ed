import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net, { type AddressInfo } from "node:net";
import { openDatabase, readReplicaOf, rowsOf, type Database } from "@/db/client";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { checkHealth } from "./check-health";
import { auditEventsOf, chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { exportAuditEvents } from "./export-audit-events";
import { getAccessReport } from "./get-access-report";
import { getAuditEvent } from "./get-audit-event";
import { listAnomalies } from "./list-anomalies";
import { listRecentAuditEvents } from "./list-recent-audit-events";
import { searchAuditEvents } from "./search-audit-events";
import { verifyAuditLog } from "./verify-audit-log";

// The auditors' reads of the log go to the read replica when there is one (SPEC §8, DATABASE_REPLICA_URL);
// what they record of those reads goes to the primary. A real standby cannot be started by a test here, so
// the replica is stood in for by a second database of the same schema and demo world: each database holds
// events the other lacks, so every answer shows where it was read, and every record where it was written.
// PGlite has no replicas.
const onServer = testDatabaseKind() === "postgres";

let primary: TestDatabase;
let standIn: TestDatabase;
let withReplica: Database;
let ctx: RequestContext;
let replicaReadId: number;

const REVIEWER = "reviewer@esb.example";
const from = () => new Date(Date.now() - 3_600_000).toISOString();
const to = () => new Date(Date.now() + 60_000).toISOString();

/** One event only `t` holds: a reviewer's break-glass read of Hoshino's data, under `action`. */
async function insertMarker(t: TestDatabase, action: string): Promise<number> {
  const [row] = rowsOf<{ id: number | string }>(
    await t.database.db.execute(sql`
      insert into audit_events (occurred_at, actor_user_id, actor_org_id, actor_role, action, target_type, target_id, target_org_id, outcome, purpose, request_id, details)
      select now(), u.id, ${demoOrgIds.esb}, 'agency_reviewer', ${action}, 'disclosure', 'marker', ${demoOrgIds.hoshino}, 'allowed', 'a marker', 'marker', '{"breakGlass": true}'::jsonb
      from users u where u.email = ${REVIEWER}
      returning id`),
  );
  return Number(row!.id);
}

beforeAll(async () => {
  if (!onServer) return;
  [primary, standIn] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  await insertMarker(primary, "test.on_primary");
  replicaReadId = await insertMarker(standIn, "disclosure.read");
  // The stand-in's chain is longer than the primary's: verification says which one it read.
  for (let i = 0; i < 3; i++) await insertMarker(standIn, "test.on_replica");
  await Promise.all([chainAll(primary.database), chainAll(standIn.database)]);
  withReplica = await openDatabase({ url: primary.url!, replicaUrl: standIn.url! });
  ctx = { ...(await primary.ctxFor("auditor@oversight.example")), db: withReplica.db };
});
afterAll(async () => {
  await withReplica?.close();
  await Promise.all([primary?.close(), standIn?.close()]);
});

const actionsIn = (items: { action: string }[]) => new Set(items.map((e) => e.action));
const headOf = async (t: TestDatabase) =>
  Number(rowsOf<{ seq: string | number }>(await t.database.db.execute(sql`select max(seq) as seq from audit_events`))[0]!.seq);
/** What `t` recorded under the context's request id, by action. */
const recordedIn = async (t: TestDatabase, requestId: string) => (await auditEventsOf(t.database, requestId)).map((e) => e.action);

describe.skipIf(!onServer)("the auditors' reads with a read replica", () => {
  it("searches the replica, and records the search on the primary", async () => {
    const call = { ...ctx, requestId: "replica-search" };
    const page = await searchAuditEvents({ ctx: call, input: { limit: "200" } });
    expect(actionsIn(page.items)).toContain("test.on_replica");
    expect(actionsIn(page.items)).not.toContain("test.on_primary");
    expect(await recordedIn(primary, call.requestId)).toEqual(["audit.search"]);
    expect(await recordedIn(standIn, call.requestId)).toEqual([]);
  });

  it("opens an event of the replica, lists the newest there for the dashboard and exports from it", async () => {
    const opened = await getAuditEvent({ ctx: { ...ctx, requestId: "replica-event" }, input: { id: String(replicaReadId) } });
    expect(opened).toMatchObject({ action: "disclosure.read", requestId: "marker" });
    expect(await recordedIn(primary, "replica-event")).toEqual(["audit.event_read"]);

    const recent = await listRecentAuditEvents({ ctx: { ...ctx, requestId: "replica-recent" }, input: { limit: 200 } });
    expect(actionsIn(recent)).toContain("test.on_replica");
    expect(actionsIn(recent)).not.toContain("test.on_primary");
    expect(await recordedIn(primary, "replica-recent")).toEqual(["audit.search"]);

    let csv = "";
    for await (const line of await exportAuditEvents({ ctx: { ...ctx, requestId: "replica-export" }, input: {} })) csv += line;
    expect(csv).toContain("test.on_replica");
    expect(csv).not.toContain("test.on_primary");
    expect(await recordedIn(primary, "replica-export")).toEqual(["audit.export"]);
  });

  it("flags anomalies and reports accesses from the replica", async () => {
    const anomalies = await listAnomalies({ ctx, input: { from: from(), to: to() } });
    const flagged = anomalies.flags.filter((f) => f.rule === "break_glass").map((f) => f.summary);
    expect(flagged.some((s) => s.includes("disclosure.read"))).toBe(true);
    expect(flagged.some((s) => s.includes("test.on_primary"))).toBe(false);

    const report = await getAccessReport({ ctx: { ...ctx, requestId: "replica-report" }, input: { organisation: demoOrgIds.hoshino, from: from(), to: to() } });
    expect(report.rows.filter((r) => r.actorEmail === REVIEWER).map((r) => ({ reads: r.reads, breakGlass: r.breakGlass }))).toEqual([{ reads: 1, breakGlass: 4 }]); // the primary: 0 and 1
    expect(await recordedIn(primary, "replica-report")).toEqual(["audit.access_report"]);
  });

  it("verifies the replica's chain, and records the verification on the primary", async () => {
    const [replicaHead, primaryHead] = await Promise.all([headOf(standIn), headOf(primary)]);
    expect(replicaHead).not.toBe(primaryHead);
    const result = await verifyAuditLog({ ctx: { ...ctx, requestId: "replica-verify" }, input: undefined });
    expect(result).toMatchObject({ ok: true, checkedThrough: replicaHead });
    expect(await recordedIn(primary, "replica-verify")).toEqual(["audit.verify"]);
    expect(await recordedIn(standIn, "replica-verify")).toEqual([]);
  });

  it("reports the replica in the health check, and nothing of one where there is none", async () => {
    expect(await checkHealth(withReplica)).toEqual({ status: "ok", database: "postgres", auditReplica: "ok" });
    expect(await checkHealth(primary.database)).toEqual({ status: "ok", database: "postgres" });
  });

  it("opens the replica's connections read-only, and gives a transaction no replica", async () => {
    const replica = readReplicaOf(withReplica.db)!;
    await expect(replica.execute(sql`insert into audit_events (action, outcome, request_id) values ('test.write', 'allowed', 'w')`)).rejects.toMatchObject({
      cause: expect.objectContaining({ code: "25006" }),
    });
    await withReplica.db.transaction(async (tx) => expect(readReplicaOf(tx)).toBeNull());
    expect(readReplicaOf(primary.database.db)).toBeNull();
  });

  it("answers a replica that cannot be reached as the database unavailable (503), and records nothing", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new URL(standIn.url!);
    nowhere.host = `127.0.0.1:${port}`;
    const unreachable = await openDatabase({ url: primary.url!, replicaUrl: nowhere.toString(), connectTimeoutSeconds: 2 });
    try {
      const failed = await searchAuditEvents({ ctx: { ...ctx, db: unreachable.db, requestId: "replica-down" }, input: {} }).catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failed)).toBe(true);
      expect(await recordedIn(primary, "replica-down")).toEqual([]);
      // The health check says so, and still answers: everyone else is served without the replica.
      expect(await checkHealth(unreachable)).toEqual({ status: "ok", database: "postgres", auditReplica: "unreachable" });
    } finally {
      await unreachable.close();
    }
  });
});
