import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { userSessions, users } from "@/db/schema";
import { DEMO_PASSWORD, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { authenticateUser } from "./authenticate-user";

const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("authenticateUser", () => {
  it("signs in with the demo password, opens a session and records auth.sign_in", async () => {
    const ctx = await t.ctxFor(null);
    const user = await authenticateUser({ ctx, input: { email: officer.email, password: DEMO_PASSWORD } });
    expect(user).toMatchObject({
      userId: officer.id,
      email: officer.email,
      orgId: demoOrgIds.hoshino,
      orgType: "company",
      role: "company_officer",
    });

    const [session] = await t.database.db.select().from(userSessions).where(eq(userSessions.id, user!.sessionId));
    expect(session).toMatchObject({ userId: officer.id, revokedAt: null, clientIp: "127.0.0.1", userAgent: "vitest" });
    expect(session!.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.sign_in",
      outcome: "allowed",
      actorUserId: officer.id,
      actorOrgId: demoOrgIds.hoshino,
      actorRole: "company_officer",
      targetType: "user",
      targetId: officer.id,
      requestId: ctx.requestId,
      clientIp: "127.0.0.1",
      userAgent: "vitest",
      details: { sessionId: user!.sessionId },
    });
  });

  it("matches the email case-insensitively", async () => {
    const ctx = await t.ctxFor(null);
    const user = await authenticateUser({ ctx, input: { email: "Officer@HOSHINO.Example", password: DEMO_PASSWORD } });
    expect(user?.userId).toBe(officer.id);
  });

  it("answers null to a wrong password and records auth.sign_in_failed with reason bad_password", async () => {
    const ctx = await t.ctxFor(null);
    const user = await authenticateUser({ ctx, input: { email: officer.email, password: "wrong-password" } });
    expect(user).toBeNull();
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.sign_in_failed",
      outcome: "denied",
      actorUserId: null,
      targetId: officer.id,
      targetOrgId: demoOrgIds.hoshino,
      details: { email: officer.email, reason: "bad_password" },
    });
    // The submitted password is never recorded.
    expect(JSON.stringify(events[0])).not.toContain("wrong-password");
  });

  it("answers null to an unknown email and records reason unknown_user", async () => {
    const ctx = await t.ctxFor(null);
    const user = await authenticateUser({ ctx, input: { email: "nobody@nowhere.example", password: DEMO_PASSWORD } });
    expect(user).toBeNull();
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.outcome, e.targetId, e.details])).toEqual([
      ["auth.sign_in_failed", "denied", null, { email: "nobody@nowhere.example", reason: "unknown_user" }],
    ]);
  });

  it("opens no session when the sign-in fails", async () => {
    const before = await t.database.db.select().from(userSessions).where(eq(userSessions.userId, officer.id));
    await authenticateUser({ ctx: await t.ctxFor(null), input: { email: officer.email, password: "nope-nope" } });
    const after = await t.database.db.select().from(userSessions).where(eq(userSessions.userId, officer.id));
    expect(after).toHaveLength(before.length);
  });

  it("refuses a disabled user with reason disabled, even with the right password", async () => {
    const kawasemi = demoUsers.find((u) => u.email === "officer@kawasemi.example")!;
    await t.database.db.update(users).set({ disabledAt: sql`now()` }).where(eq(users.id, kawasemi.id));
    try {
      const ctx = await t.ctxFor(null);
      expect(await authenticateUser({ ctx, input: { email: kawasemi.email, password: DEMO_PASSWORD } })).toBeNull();
      const events = await auditEventsOf(t.database, ctx.requestId);
      expect(events.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([["auth.sign_in_failed", "disabled"]]);
    } finally {
      await t.database.db.update(users).set({ disabledAt: null }).where(eq(users.id, kawasemi.id));
    }
  });

  // Runs last: it closes this file's database.
  it("throws a database fault instead of reporting a failed sign-in", async () => {
    const ctx = await t.ctxFor(null);
    await t.close();
    await expect(authenticateUser({ ctx, input: { email: officer.email, password: DEMO_PASSWORD } })).rejects.toThrow();
  });
});
