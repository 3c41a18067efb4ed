import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents, memberships, userSessions } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { auditEventsOf, createTestDatabase, signInDemo, type TestDatabase } from "@/lib/testing/test-database";
import type { AuthenticatedUser } from "./authenticate-user";
import { endSession } from "./end-session";
import { resolveSession } from "./resolve-session";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const signIn = (email: string): Promise<AuthenticatedUser> => signInDemo(t, email);

async function resolve(user: Pick<AuthenticatedUser, "sessionId" | "userId" | "orgId" | "role">) {
  const { sessionId, userId, orgId, role } = user;
  return resolveSession({ ctx: await t.ctxFor(null), input: { sessionId, userId, orgId, role } });
}

describe("resolveSession and endSession", () => {
  it("resolves an open session to the actor, with the role read from memberships", async () => {
    const user = await signIn("reviewer@esb.example");
    expect(await resolve(user)).toEqual({
      userId: user.userId,
      orgId: demoOrgIds.esb,
      orgType: "agency",
      role: "agency_reviewer",
      sessionId: user.sessionId,
    });
  });

  it("reads the membership fresh: a session whose role changed since sign-in has ended", async () => {
    const user = await signIn("approver@esb.example");
    await t.database.db.update(memberships).set({ role: "agency_reviewer" }).where(eq(memberships.userId, user.userId));
    try {
      expect(await resolve(user)).toBeNull();
      expect(await resolve({ ...user, role: "agency_reviewer" })).toMatchObject({ role: "agency_reviewer" });
    } finally {
      await t.database.db.update(memberships).set({ role: "agency_approver" }).where(eq(memberships.userId, user.userId));
    }
  });

  it("ends the session of an officer made company admin: that role needs a session opened with a second factor", async () => {
    const user = await signIn("officer@tsubame.example");
    await t.database.db.update(memberships).set({ role: "company_admin" }).where(eq(memberships.userId, user.userId));
    try {
      expect(await resolve({ ...user, role: "company_admin" })).toBeNull();
      expect(await resolve(user)).toBeNull();
    } finally {
      await t.database.db.update(memberships).set({ role: "company_officer" }).where(eq(memberships.userId, user.userId));
    }
    expect(await resolve(user)).toMatchObject({ role: "company_officer" });
  });

  it("does not resolve the session of a user disabled by any path, though it was never ended", async () => {
    const user = await signIn("officer@kawasemi.example");
    expect(await resolve(user)).not.toBeNull();
    // Disabled straight in the database (the disabling service also ends the sessions): the check is resolveSession's own.
    await t.database.db.execute(sql`update users set disabled_at = now() where id = ${user.userId}`);
    try {
      expect(await resolve(user)).toBeNull();
    } finally {
      await t.database.db.execute(sql`update users set disabled_at = null where id = ${user.userId}`);
    }
  });

  it("does not resolve a session for another user id", async () => {
    const user = await signIn("officer@hoshino.example");
    const other = await signIn("admin@hoshino.example");
    expect(await resolve({ ...user, userId: other.userId })).toBeNull();
  });

  it("resolves to null after endSession, which records auth.sign_out", async () => {
    const user = await signIn("officer@aoba.example");
    const ctx = await t.ctxFor("officer@aoba.example");
    await endSession({ ctx, input: { sessionId: user.sessionId, userId: user.userId } });

    expect(await resolve(user)).toBeNull();
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.sign_out",
      outcome: "allowed",
      actorUserId: user.userId,
      targetId: user.userId,
      targetOrgId: demoOrgIds.aoba,
      details: { sessionId: user.sessionId },
    });
  });

  it("records nothing when an already closed session is ended again", async () => {
    const user = await signIn("officer@minato.example");
    await endSession({ ctx: await t.ctxFor("officer@minato.example"), input: { sessionId: user.sessionId, userId: user.userId } });
    const again = await t.ctxFor("officer@minato.example");
    await endSession({ ctx: again, input: { sessionId: user.sessionId, userId: user.userId } });
    expect(await auditEventsOf(t.database, again.requestId)).toEqual([]);
    const signOuts = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.sign_out"), sql`${auditEvents.details} ->> 'sessionId' = ${user.sessionId}`));
    expect(signOuts).toHaveLength(1);
  });

  it("resolves an expired session to null, and closes it then, once, recording auth.session_ended", async () => {
    const user = await signIn("officer@kawasemi.example");
    expect(await resolve(user)).not.toBeNull();
    await t.database.db
      .update(userSessions)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(userSessions.id, user.sessionId));
    const first = await resolveRecorded(user);
    expect(first.actor).toBeNull();
    expect(first.events.map((e) => [e.action, e.outcome, e.targetId, e.targetOrgId, e.details])).toEqual([
      ["auth.session_ended", "allowed", user.userId, user.orgId, { sessionId: user.sessionId, reason: "expired" }],
    ]);
    expect(await sessionRow(user.sessionId)).toMatchObject({ revokedReason: "expired", revokedAt: expect.any(Date) });
    const again = await resolveRecorded(user);
    expect(again).toEqual({ actor: null, events: [] });
  });

  it("closes a session past its idle limit at its next request, recording auth.session_ended once", async () => {
    const user = await signIn("reviewer2@esb.example");
    await t.database.db
      .update(userSessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(eq(userSessions.id, user.sessionId));
    const first = await resolveRecorded(user);
    expect(first.actor).toBeNull();
    expect(first.events.map((e) => [e.action, e.details])).toEqual([["auth.session_ended", { sessionId: user.sessionId, reason: "idle" }]]);
    expect(await sessionRow(user.sessionId)).toMatchObject({ revokedReason: "idle" });
    expect(await resolveRecorded(user)).toEqual({ actor: null, events: [] });
  });

  it("neither closes nor records a session refused for another reason, nor a signed-out one", async () => {
    const user = await signIn("officer@hoshino.example");
    const refused = await resolveRecorded({ ...user, role: "company_admin" });
    expect(refused).toEqual({ actor: null, events: [] });
    expect(await sessionRow(user.sessionId)).toMatchObject({ revokedAt: null, revokedReason: null });
    expect(await resolve(user)).not.toBeNull();

    await endSession({ ctx: await t.ctxFor("officer@hoshino.example"), input: { sessionId: user.sessionId, userId: user.userId } });
    expect(await sessionRow(user.sessionId)).toMatchObject({ revokedReason: "sign_out" });
    await t.database.db
      .update(userSessions)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(userSessions.id, user.sessionId));
    expect(await resolveRecorded(user)).toEqual({ actor: null, events: [] });
  });
});

async function resolveRecorded(user: Pick<AuthenticatedUser, "sessionId" | "userId" | "orgId" | "role">) {
  const ctx = await t.ctxFor(null);
  const { sessionId, userId, orgId, role } = user;
  const actor = await resolveSession({ ctx, input: { sessionId, userId, orgId, role } });
  return { actor, events: await auditEventsOf(t.database, ctx.requestId) };
}

async function sessionRow(id: string) {
  return (await t.database.db.select().from(userSessions).where(eq(userSessions.id, id)))[0];
}
