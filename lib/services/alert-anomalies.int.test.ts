import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { anomalyAlerts, auditEvents, emailOutbox, memberships, users } from "@/db/schema";
import { parseAnomalyConfig } from "@/lib/audit/anomalies/config";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { insertAuditEvents } from "@/lib/testing/audit-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { alertAnomalies } from "./alert-anomalies";

// Crafted events at a fixed instant of their own (2021-07-01), and passes run "at" that instant, so the
// demo's own events and other tests' lie outside the pass's day.

const config = parseAnomalyConfig({});
const approver = demoUsers.find((u) => u.email === "approver@esb.example")!;
const reviewer = demoUsers.find((u) => u.email === "reviewer@esb.example")!;
const auditor = demoUsers.find((u) => u.email === "auditor@oversight.example")!;
const now = new Date("2021-07-01T12:00:00Z");

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const job = async () => ({ ...(await t.ctxFor(null)), userAgent: "anomaly alerts" });
const alertMail = () => t.database.db.select().from(emailOutbox).where(eq(emailOutbox.kind, "audit.anomaly_alert"));
const breakGlassRead = (occurredAt: string) => ({
  occurredAt,
  action: "disclosure.read",
  actorUserId: approver.id,
  actorOrgId: approver.orgId,
  actorRole: approver.role,
  targetType: "disclosure",
  targetId: "00000000-0000-4000-8000-000000000001",
  targetOrgId: demoOrgIds.minato,
  purpose: "Incident 7: a supplier's plant is on fire",
  details: { version: 1, breakGlass: true },
});

describe("alertAnomalies", () => {
  it("mails every active auditor once per new high-severity flag, naming no one, and records the alert", async () => {
    // A second, disabled auditor gets nothing.
    const [gone] = await t.database.db.insert(users).values({ email: "gone.auditor@oversight.example", displayName: "Gone Auditor", disabledAt: new Date() }).returning();
    await t.database.db.insert(memberships).values({ userId: gone!.id, organisationId: auditor.orgId, role: "auditor" });
    // One break-glass read (high), and a medium flag that is not mailed: an access outside assignment.
    await insertAuditEvents(t.database.db, [
      breakGlassRead("2021-07-01T10:00:00Z"),
      { occurredAt: "2021-07-01T10:05:00Z", action: "access.denied", outcome: "denied", actorUserId: reviewer.id, actorOrgId: reviewer.orgId, actorRole: reviewer.role, details: { attempted: "disclosure.read", reason: "outside_assignment" } },
    ]);

    const ctx = await job();
    // The break-glass read raises two high flags: break-glass use, and access outside assignment by break-glass.
    expect(await alertAnomalies(ctx, config, now)).toBe(2);
    const mails = await alertMail();
    expect(mails.map((m) => m.toAddress)).toEqual([auditor.email]);
    const [mail] = mails;
    expect(mail!.subject).toBe("[Kakehashi] 新しい異常フラグ 2件 / 2 new anomaly flags");
    expect(mail!.textBody).toContain("- Break-glass use: 1");
    expect(mail!.textBody).toContain("/oversight/anomalies?from=2021-06-30T12%3A00%3A00.000Z&to=2021-07-01T12%3A00%3A00.000Z");
    for (const secret of [approver.email, "Incident 7", demoOrgIds.minato, reviewer.email]) expect(mail!.textBody).not.toContain(secret);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(events.map((e) => [e.action, e.actorUserId, e.details])).toEqual([["anomaly.alert", null, { flags: 2, rules: { outside_assignment: 1, break_glass: 1 }, recipients: 1 }]]);

    // The next pass finds the same flags and alerts nothing; a new break-glass read is alerted on its own.
    expect(await alertAnomalies(await job(), config, now)).toBe(0);
    expect(await alertMail()).toHaveLength(1);
    await insertAuditEvents(t.database.db, [breakGlassRead("2021-07-01T11:00:00Z")]);
    expect(await alertAnomalies(await job(), config, now)).toBe(2);
    expect(await alertMail()).toHaveLength(2);
  });

  it("alerts each flag once when two servers look at the same time", async () => {
    const later = new Date("2021-07-03T12:00:00Z");
    await insertAuditEvents(t.database.db, [breakGlassRead("2021-07-03T09:00:00Z")]);
    const counts = await Promise.all([alertAnomalies(await job(), config, later), alertAnomalies(await job(), config, later)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    const keys = await t.database.db.select().from(anomalyAlerts).where(inArray(anomalyAlerts.rule, ["break_glass"]));
    expect(keys.filter((k) => k.windowStart.toISOString().startsWith("2021-07-03"))).toHaveLength(1);
  });

  it("alerts a burst once, while it goes on and after the day's look-back has passed its start", async () => {
    // An anonymous client refused every 30 s for 30 hours: one denial burst, longer than the look-back.
    const start = Date.parse("2021-08-01T00:00:00Z");
    await insertAuditEvents(
      t.database.db,
      Array.from({ length: 3600 }, (_, i) => ({ occurredAt: new Date(start + i * 30_000).toISOString(), action: "access.denied", outcome: "denied" as const, clientIp: "192.0.2.77", details: { attempted: "disclosure.read", reason: "not_in_scope" } })),
    );
    const before = (await alertMail()).length;
    const at = (minutes: number) => new Date(start + 30 * 3_600_000 + minutes * 60_000);
    // The first pass alerts it; passes 10, 20 and 30 minutes later see its window start later each time.
    const alerted = [];
    for (const minutes of [0, 10, 20, 30]) alerted.push(await alertAnomalies(await job(), config, at(minutes)));
    expect(alerted).toEqual([1, 0, 0, 0]);
    expect(await alertMail()).toHaveLength(before + 1);
    // A new burst from the same address after a quiet spell is a new flag.
    const again = start + 40 * 3_600_000;
    await insertAuditEvents(
      t.database.db,
      Array.from({ length: 20 }, (_, i) => ({ occurredAt: new Date(again + i * 10_000).toISOString(), action: "access.denied", outcome: "denied" as const, clientIp: "192.0.2.77", details: { attempted: "disclosure.read", reason: "not_in_scope" } })),
    );
    expect(await alertAnomalies(await job(), config, new Date(again + 3_600_000))).toBe(1);
  });

  it("counts no flag as alerted while no auditor is active to be told; the first pass with one tells them", async () => {
    const day = new Date("2021-07-10T12:00:00Z");
    await insertAuditEvents(t.database.db, [breakGlassRead("2021-07-10T10:00:00Z")]);
    const mailed = (await alertMail()).length;
    await t.database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, auditor.id));
    try {
      const ctx = await job();
      expect(await alertAnomalies(ctx, config, day)).toBe(0);
      expect(await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId))).toEqual([]);
    } finally {
      await t.database.db.update(users).set({ disabledAt: null }).where(eq(users.id, auditor.id));
    }
    expect(await alertAnomalies(await job(), config, day)).toBe(2);
    expect(await alertMail()).toHaveLength(mailed + 1);
  });

  it("does nothing in a quiet day: no mail, no event", async () => {
    const ctx = await job();
    expect(await alertAnomalies(ctx, config, new Date("2020-02-02T12:00:00Z"))).toBe(0);
    expect(await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId))).toEqual([]);
  });

  it("alerts every high flag of a flood, beyond the 200 per rule the console lists", async () => {
    const flood = Array.from({ length: 230 }, (_, i) => breakGlassRead(new Date(Date.UTC(2021, 8, 1, 0, 0) + i * 60_000).toISOString()));
    await insertAuditEvents(t.database.db, flood);
    const at = new Date("2021-09-01T12:00:00Z");
    const ctx = await job();
    expect(await alertAnomalies(ctx, config, at)).toBeGreaterThanOrEqual(230);
    const [event] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect((event!.details as { rules: Record<string, number> }).rules.break_glass).toBe(230);
  });
});
