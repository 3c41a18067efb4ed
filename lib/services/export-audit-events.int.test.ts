import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@/lib/audit/emit";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { parseCsv } from "@/lib/testing/audit-fixtures";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError, ValidationError } from "./errors";
import { AUDIT_EXPORT_BATCH_SIZE, auditCsvColumns, exportAuditEvents } from "./export-audit-events";
import { searchAuditEvents } from "./search-audit-events";

const AUDITOR = "auditor@oversight.example";
const header: string[] = auditCsvColumns.map(([name]) => name);
const BULK = AUDIT_EXPORT_BATCH_SIZE * 2 + 500;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // Enough events for three batches, one second apart, in a month the log gets a partition for.
  await t.database.db.execute(sql`select audit_ensure_partitions('2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z')`);
  await t.database.db.execute(sql`
    insert into audit_events (occurred_at, action, outcome, request_id, details)
    select timestamptz '2019-01-01 00:00:00+00' + g * interval '1 second', 'test.bulk', 'allowed', 'bulk-' || g, jsonb_build_object('n', g)
    from generate_series(1, ${BULK}) as g`);
});
afterAll(async () => {
  await t?.close();
});

async function exportText(input: Record<string, unknown>, email = AUDITOR) {
  const ctx = await t.ctxFor(email);
  const lines = await exportAuditEvents({ ctx, input });
  const recorded = await auditEventsOf(t.database, ctx.requestId);
  let text = "";
  let count = 0;
  for await (const line of lines) {
    expect(line.endsWith("\r\n")).toBe(true);
    text += line;
    count++;
  }
  return { text, count, records: parseCsv(text), recorded, ctx };
}

describe("exportAuditEvents", () => {
  it("records the export, with its filters, before producing the first line", async () => {
    const { recorded, records } = await exportText({ action: "test.bulk", outcome: "", from: "2019-01-01T09:00:00" });
    expect(records.length).toBeGreaterThan(1);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      action: "audit.export",
      outcome: "allowed",
      actorRole: "auditor",
      actorOrgId: demoOrgIds.oversight,
      details: { format: "csv", filters: { action: "test.bulk", from: "2019-01-01T09:00:00+09:00" } },
    });
  });

  it("writes a header and every matching event, newest first, across several batches", async () => {
    const { records, count } = await exportText({ action: "test.bulk" });
    expect(count).toBe(BULK + 1);
    expect(records[0]).toEqual(header);
    const rows = records.slice(1);
    expect(rows).toHaveLength(BULK);
    const column = (name: string) => header.indexOf(name);
    const ns = rows.map((r) => JSON.parse(r[column("details")]!).n as number);
    expect(ns).toEqual(Array.from({ length: BULK }, (_, i) => BULK - i));
    expect(new Set(rows.map((r) => r[column("id")])).size).toBe(BULK);
    expect(rows[0]![column("occurred_at")]).toBe(`2019-01-01T00:${String(Math.floor(BULK / 60) % 60).padStart(2, "0")}:${String(BULK % 60).padStart(2, "0")}.000000Z`);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it("exports the events of several actions, merged newest first across batches, and records them as the query names them", async () => {
    const MIXED = AUDIT_EXPORT_BATCH_SIZE + 200;
    await t.database.db.execute(sql`
      insert into audit_events (occurred_at, action, outcome, request_id, details)
      select timestamptz '2019-01-01 00:00:00.5+00' + g * interval '1 second', 'test.mixed', 'allowed', 'mixed-' || g, jsonb_build_object('m', g)
      from generate_series(1, ${MIXED}) as g`);
    const { records, recorded } = await exportText({ action: "test.mixed, test.bulk,no.such_action" });
    expect(recorded[0]!.details).toEqual({ format: "csv", filters: { action: "test.mixed,test.bulk,no.such_action" } });
    const column = (name: string) => header.indexOf(name);
    const rows = records.slice(1);
    expect(rows).toHaveLength(BULK + MIXED);
    const times = rows.map((r) => r[column("occurred_at")]!);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(times).size).toBe(rows.length);
    expect(rows.filter((r) => r[column("action")] === "test.mixed")).toHaveLength(MIXED);
  });

  it("writes each row as the search shows the event", async () => {
    const ctx = await t.ctxFor(AUDITOR);
    const { items } = await searchAuditEvents({ ctx, input: { action: "test.bulk", limit: "1" } });
    const [event] = items;
    const { records } = await exportText({ action: "test.bulk", to: event!.occurredAt });
    expect(records[1]).toEqual(auditCsvColumns.map(([, value]) => String(value(event!) ?? "")));
  });

  it("quotes what RFC 4180 asks and neutralises what a spreadsheet would run", async () => {
    const base = await t.ctxFor("reviewer@esb.example");
    const ctx = { ...base, userAgent: '=HYPERLINK("http://evil.example","click")', clientIp: "+81.0.0.1" };
    await emit(ctx.db, ctx, {
      action: "access.denied",
      outcome: "denied",
      target: { type: "csv_test", id: "-42,x", orgId: demoOrgIds.hoshino },
      purpose: '@SUM(A1)\r\nsecond line, with "quotes"',
      details: { attempted: "=1+1", reason: "\tTAB" },
    });
    const { records, text } = await exportText({ targetType: "csv_test" });
    expect(records).toHaveLength(2);
    const row = Object.fromEntries(header.map((name, i) => [name, records[1]![i]]));
    expect(row).toMatchObject({
      action: "access.denied",
      outcome: "denied",
      actor_email: "reviewer@esb.example",
      target_type: "csv_test",
      target_id: "'-42,x",
      target_org_id: demoOrgIds.hoshino,
      purpose: `'@SUM(A1)\r\nsecond line, with "quotes"`,
      client_ip: "'+81.0.0.1",
      user_agent: `'=HYPERLINK("http://evil.example","click")`,
      request_id: base.requestId,
    });
    expect(JSON.parse(row.details!)).toEqual({ attempted: "=1+1", reason: "\tTAB" });
    // On the wire: quoted, quotes doubled, the apostrophe inside the quotes.
    expect(text).toContain(`"'-42,x"`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`"'@SUM(A1)\r\nsecond line, with ""quotes"""`);
  });

  it("writes only the header when nothing matches", async () => {
    const { records } = await exportText({ action: "no.such_action" });
    expect(records).toEqual([header]);
  });

  it("refuses paging parameters, unknown fields and reversed ranges, and records no export", async () => {
    const elevenActions = Array.from({ length: 11 }, (_, i) => `test.a${i}`).join(",");
    for (const input of [{ limit: "10" }, { cursor: "abc" }, { format: "json" }, { from: "2020-01-02T00:00Z", to: "2020-01-01T00:00Z" }, { action: elevenActions }]) {
      const ctx = await t.ctxFor(AUDITOR);
      await expect(exportAuditEvents({ ctx, input })).rejects.toBeInstanceOf(ValidationError);
      expect(await auditEventsOf(t.database, ctx.requestId)).toEqual([]);
    }
  });

  it.each(["officer@hoshino.example", "reviewer@esb.example", "admin@kakehashi.example"])(
    "answers %s with NotFoundError, records the refusal and no export",
    async (email) => {
      const ctx = await t.ctxFor(email);
      await expect(exportAuditEvents({ ctx, input: {} })).rejects.toBeInstanceOf(NotFoundError);
      const events = await auditEventsOf(t.database, ctx.requestId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: "access.denied",
        outcome: "denied",
        details: { attempted: "audit.export", reason: "role_lacks_permission" },
      });
    },
  );
});
