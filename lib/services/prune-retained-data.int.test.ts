import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountLinks, anomalyAlerts, auditEvents, authThrottles, emailOutbox, userSessions } from "@/db/schema";
import { demoUsers } from "@/lib/demo/seed-demo";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { pruneRetainedData, retentionConfig } from "./prune-retained-data";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const userId = demoUsers.find((u) => u.email === "officer@aoba.example")!.id;
const ago = (days: number) => sql`now() - make_interval(days => ${days})`;
const ahead = (days: number) => sql`now() + make_interval(days => ${days})`;
const mail = (state: "pending" | "sent" | "failed" | "cancelled", at: ReturnType<typeof ago>, n: string) => ({
  kind: "test.retention",
  toAddress: `retention-${n}@company.example`,
  subject: n,
  textBody: `body ${n}: https://kakehashi.example/welcome#token=secret-${n}`,
  htmlBody: `<p>${n}</p>`,
  state,
  maxAttempts: 3,
  createdAt: at,
  sentAt: state === "sent" ? at : null,
  lastAttemptAt: state === "pending" ? null : at,
});
const link = (usedAt: ReturnType<typeof ago> | null, expiresAt: ReturnType<typeof ago>) => ({ userId, purpose: "password_reset" as const, tokenHash: randomBytes(16).toString("hex"), usedAt, expiresAt, createdAt: ago(100) });

describe(`pruning what outlived its retention period on ${testDatabaseKind()}`, () => {
  it("redacts old sent and failed email bodies, deletes spent links, ended sessions and quiet counters, and keeps all that is live, in one audited pass", async () => {
    await t.database.db.delete(emailOutbox);
    const mails = await t.database.db
      .insert(emailOutbox)
      .values([mail("sent", ago(31), "old-sent"), mail("failed", ago(40), "old-failed"), mail("sent", ago(2), "new-sent"), mail("pending", ago(60), "old-pending")])
      .returning({ id: emailOutbox.id, subject: emailOutbox.subject });
    const links = await t.database.db
      .insert(accountLinks)
      .values([link(ago(45), ahead(0)), link(null, ago(31)), link(null, ahead(2)), link(ago(3), ago(2))])
      .returning({ id: accountLinks.id });
    const sessions = await t.database.db
      .insert(userSessions)
      .values([
        { userId, expiresAt: ago(95), createdAt: ago(96), lastSeenAt: ago(96) },
        { userId, expiresAt: ahead(1), revokedAt: ago(91), revokedReason: "sign_out", createdAt: ago(92), lastSeenAt: ago(92) },
        { userId, expiresAt: ahead(1) },
        { userId, expiresAt: ago(10), createdAt: ago(11), lastSeenAt: ago(11) },
      ])
      .returning({ id: userSessions.id });
    await t.database.db.insert(authThrottles).values([
      { key: "address:198.51.100.1", failures: 3, lastFailureAt: ago(2) },
      { key: "account:locked@company.example", failures: 10, lastFailureAt: ago(2), blockedUntil: ahead(1) },
      { key: "address:198.51.100.2", failures: 2, lastFailureAt: sql`now()` },
    ]);
    // Alerted flags: one whose window started 49 hours ago (past the day's look-back and a day more), one 47.
    const hoursAgo = (hours: number) => sql`now() - make_interval(hours => ${hours})`;
    await t.database.db.insert(anomalyAlerts).values([
      { flagKey: "old-flag", rule: "break_glass", windowStart: hoursAgo(49) },
      { flagKey: "recent-flag", rule: "break_glass", windowStart: hoursAgo(47) },
    ]);

    const ctx = await t.ctxFor(null);
    expect(await pruneRetainedData(ctx, retentionConfig({ NODE_ENV: "test" }))).toEqual({ emailBodies: 2, accountLinks: 2, sessions: 2, throttles: 1, anomalyAlerts: 1 });

    const bodies = new Map((await t.database.db.select().from(emailOutbox)).map((m) => [m.subject, { text: m.textBody, html: m.htmlBody, state: m.state }]));
    expect(bodies.get("old-sent")).toEqual({ text: "", html: null, state: "sent" });
    expect(bodies.get("old-failed")).toEqual({ text: "", html: null, state: "failed" });
    expect(bodies.get("new-sent")!.text).toContain("secret-new-sent");
    expect(bodies.get("old-pending")!.text).toContain("secret-old-pending"); // never sent: still to go
    expect(mails).toHaveLength(4);
    expect((await t.database.db.select({ id: accountLinks.id }).from(accountLinks).where(inArray(accountLinks.id, links.map((l) => l.id)))).map((l) => l.id).sort()).toEqual([links[2]!.id, links[3]!.id].sort());
    expect((await t.database.db.select({ id: userSessions.id }).from(userSessions).where(inArray(userSessions.id, sessions.map((s) => s.id)))).map((s) => s.id).sort()).toEqual([sessions[2]!.id, sessions[3]!.id].sort());
    expect((await t.database.db.select({ key: authThrottles.key }).from(authThrottles)).map((r) => r.key).sort()).toEqual(["account:locked@company.example", "address:198.51.100.2"]);
    expect((await t.database.db.select({ key: anomalyAlerts.flagKey }).from(anomalyAlerts)).map((r) => r.key)).toEqual(["recent-flag"]);

    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(events.map((e) => [e.action, e.outcome, e.actorUserId, e.details])).toEqual([
      ["retention.prune", "allowed", null, { emailBodies: 2, accountLinks: 2, sessions: 2, throttles: 1, anomalyAlerts: 1, emailBodyDays: 30, accountLinkDays: 30, sessionDays: 90 }],
    ]);

    // Nothing left to prune: nothing happens, and nothing is recorded.
    const again = await t.ctxFor(null);
    expect(await pruneRetainedData(again)).toEqual({ emailBodies: 0, accountLinks: 0, sessions: 0, throttles: 0, anomalyAlerts: 0 });
    expect(await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, again.requestId))).toEqual([]);
  });

  it("redacts an old cancelled email's body too: not sent, it may still hold a live link or a withdrawn advisory's words", async () => {
    await t.database.db.delete(emailOutbox);
    await t.database.db.insert(emailOutbox).values([mail("cancelled", ago(31), "old-cancelled"), mail("cancelled", ago(2), "new-cancelled")]);
    expect((await pruneRetainedData(await t.ctxFor(null), retentionConfig({ NODE_ENV: "test" }))).emailBodies).toBe(1);
    const bodies = new Map((await t.database.db.select().from(emailOutbox)).map((m) => [m.subject, { text: m.textBody, html: m.htmlBody, state: m.state }]));
    expect(bodies.get("old-cancelled")).toEqual({ text: "", html: null, state: "cancelled" });
    expect(bodies.get("new-cancelled")!.text).toContain("secret-new-cancelled");
  });

  it("takes its periods from RETENTION_*, and refuses nonsense", () => {
    expect(retentionConfig({ NODE_ENV: "test", RETENTION_EMAIL_BODY_DAYS: "7", RETENTION_SESSION_DAYS: "365" })).toEqual({ emailBodyDays: 7, accountLinkDays: 30, sessionDays: 365 });
    expect(() => retentionConfig({ NODE_ENV: "test", RETENTION_ACCOUNT_LINK_DAYS: "0" })).toThrow("RETENTION_ACCOUNT_LINK_DAYS must be a whole number of days from 1 to 3650");
  });
});
