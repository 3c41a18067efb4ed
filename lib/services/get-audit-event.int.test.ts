import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { insertAuditEvents } from "@/lib/testing/audit-fixtures";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError, UnauthenticatedError } from "./errors";
import { getAuditEvent } from "./get-audit-event";
import { searchAuditEvents } from "./search-audit-events";
import { expectAuditReadRefused } from "@/lib/testing/audit-refusals";

const AUDITOR = "auditor@oversight.example";

let t: TestDatabase;
let id: number;
beforeAll(async () => {
  t = await createTestDatabase();
  [id] = (await insertAuditEvents(t.database.db, [
    {
      occurredAt: "2021-06-01T12:34:56.789012+09:00",
      action: "profile.read",
      actorUserId: "00000000-0000-4000-9000-000000000011",
      actorOrgId: demoOrgIds.esb,
      actorRole: "agency_reviewer",
      targetType: "company_profile",
      targetId: demoOrgIds.hoshino,
      targetOrgId: demoOrgIds.hoshino,
      purpose: "detail test",
      details: { nested: { list: [1, 2] } },
    },
  ])) as [number];
});
afterAll(async () => {
  await t?.close();
});

describe("getAuditEvent", () => {
  it("shows the auditor one event, the same record the search shows", async () => {
    const ctx = await t.ctxFor(AUDITOR);
    const event = await getAuditEvent({ ctx, input: { id: String(id) } });
    expect(event).toMatchObject({
      id,
      occurredAt: "2021-06-01T03:34:56.789012Z",
      actorEmail: "reviewer@esb.example",
      action: "profile.read",
      targetOrgId: demoOrgIds.hoshino,
      purpose: "detail test",
      details: { nested: { list: [1, 2] } },
    });
    const { items } = await searchAuditEvents({ ctx, input: { to: "2021-06-01T03:34:56.789012Z", limit: "1" } });
    expect(items).toEqual([event]);
    // Opening the event and the search are each on the record, the event opened as the target.
    const recorded = await auditEventsOf(t.database, ctx.requestId);
    expect(recorded.map((e) => [e.action, e.outcome, e.targetType, e.targetId, e.targetOrgId, e.actorRole])).toEqual([
      ["audit.event_read", "allowed", "audit_event", String(id), null, "auditor"],
      ["audit.search", "allowed", null, null, null, "auditor"],
    ]);
  });

  it("records nothing when the auditor asks for an event that does not exist", async () => {
    const ctx = await t.ctxFor(AUDITOR);
    await expect(getAuditEvent({ ctx, input: { id: "999999999" } })).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditEventsOf(t.database, ctx.requestId)).toEqual([]);
  });

  it.each(["999999999", "0", "-1", "1.5", "abc", "", " 1", "1e3", "99999999999999999999", `${Number.MAX_SAFE_INTEGER + 2}`])(
    "answers NotFoundError for the id %j",
    async (missing) => {
      await expect(getAuditEvent({ ctx: await t.ctxFor(AUDITOR), input: { id: missing } })).rejects.toBeInstanceOf(NotFoundError);
    },
  );

  it.each(["officer@hoshino.example", "reviewer@esb.example", "admin@kakehashi.example"])(
    "answers %s with NotFoundError for an event that exists, and records the refusal",
    (email) => expectAuditReadRefused(t, email, (ctx) => getAuditEvent({ ctx, input: { id: String(id) } }), { targetType: "audit_event", targetId: String(id) }),
  );

  it("records a refusal of a malformed id without a target", async () => {
    const ctx = await t.ctxFor("officer@hoshino.example");
    await expect(getAuditEvent({ ctx, input: { id: "x".repeat(5000) } })).rejects.toBeInstanceOf(NotFoundError);
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "access.denied", targetType: null, targetId: null });
  });

  it("refuses an anonymous caller", async () => {
    await expect(getAuditEvent({ ctx: await t.ctxFor(null), input: { id: String(id) } })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
