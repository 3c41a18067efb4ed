import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { generate } from "otplib";
import { auditEvents, authThrottles, emailOutbox, memberships, mfaRecoveryCodes, organisations, userMfa, userSessions, users } from "@/db/schema";
import { DEMO_PASSWORD, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { hashPassword } from "@/lib/security/passwords";
import { legacyRecoveryCodeHash, recoveryCodeMatches, unsaltedRecoveryCodeHash } from "@/lib/security/totp";
import { parseThrottleConfig } from "@/lib/security/throttle-policy";
import { auditEventsOf, createTestDatabase, demoTotpCode, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { authenticateUser } from "./authenticate-user";
import { beginSignInEnrolment } from "./begin-sign-in-enrolment";
import { replaceRecoveryCodes } from "./internal/mfa";

const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;
const config = parseThrottleConfig({});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

let addressCounter = 0;
/** An anonymous context from a client address of its own, so that tests do not share address counts. */
async function anonymous(clientIp = `198.51.100.${++addressCounter}`): Promise<RequestContext> {
  return { ...(await t.ctxFor(null)), clientIp };
}

const sessionsOf = (userId: string) => t.database.db.select().from(userSessions).where(eq(userSessions.userId, userId));

describe("authenticateUser with a password", () => {
  it("signs in with the demo password, opens a session and records auth.sign_in", async () => {
    const ctx = await t.ctxFor(null);
    const outcome = await authenticateUser({ ctx, input: { email: officer.email, password: DEMO_PASSWORD } });
    expect(outcome.kind).toBe("signed_in");
    const user = outcome.kind === "signed_in" ? outcome.user : null;
    expect(user).toMatchObject({
      userId: officer.id,
      email: officer.email,
      orgId: demoOrgIds.hoshino,
      orgType: "company",
      role: "company_officer",
    });

    const [session] = await t.database.db.select().from(userSessions).where(eq(userSessions.id, user!.sessionId));
    expect(session).toMatchObject({ userId: officer.id, revokedAt: null, clientIp: "127.0.0.1", userAgent: "vitest", mfa: false });
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
    const outcome = await authenticateUser({ ctx: await anonymous(), input: { email: "Officer@HOSHINO.Example", password: DEMO_PASSWORD } });
    expect(outcome.kind === "signed_in" && outcome.user.userId).toBe(officer.id);
  });

  it("refuses a wrong password and records auth.sign_in_failed with reason bad_password", async () => {
    const ctx = await anonymous();
    const outcome = await authenticateUser({ ctx, input: { email: officer.email, password: "wrong-password" } });
    expect(outcome).toEqual({ kind: "invalid", retryAfterSeconds: 0 });
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
    await t.database.db.delete(authThrottles);
  });

  it("refuses an unknown email and records reason unknown_user", async () => {
    const ctx = await anonymous();
    const outcome = await authenticateUser({ ctx, input: { email: "nobody@nowhere.example", password: DEMO_PASSWORD } });
    expect(outcome.kind).toBe("invalid");
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.outcome, e.targetId, e.details])).toEqual([
      ["auth.sign_in_failed", "denied", null, { email: "nobody@nowhere.example", reason: "unknown_user" }],
    ]);
  });

  it("opens no session when the sign-in fails", async () => {
    const before = await sessionsOf(officer.id);
    await authenticateUser({ ctx: await anonymous(), input: { email: officer.email, password: "nope-nope" } });
    expect(await sessionsOf(officer.id)).toHaveLength(before.length);
    await t.database.db.delete(authThrottles);
  });

  it("refuses a disabled user with reason disabled, even with the right password", async () => {
    const kawasemi = demoUsers.find((u) => u.email === "officer@kawasemi.example")!;
    await t.database.db.update(users).set({ disabledAt: sql`now()` }).where(eq(users.id, kawasemi.id));
    try {
      const ctx = await anonymous();
      expect((await authenticateUser({ ctx, input: { email: kawasemi.email, password: DEMO_PASSWORD } })).kind).toBe("invalid");
      const events = await auditEventsOf(t.database, ctx.requestId);
      expect(events.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([["auth.sign_in_failed", "disabled"]]);
    } finally {
      await t.database.db.update(users).set({ disabledAt: null }).where(eq(users.id, kawasemi.id));
      await t.database.db.delete(authThrottles);
    }
  });
});

describe("authenticateUser with a second factor", () => {
  it("gives a government or administrator role no session for its credentials alone", async () => {
    for (const email of ["reviewer@esb.example", "approver@esb.example", "auditor@oversight.example", "admin@kakehashi.example", "admin@hoshino.example"]) {
      const user = demoUsers.find((u) => u.email === email)!;
      const before = await sessionsOf(user.id);
      const ctx = await anonymous();
      expect(await authenticateUser({ ctx, input: { email, password: DEMO_PASSWORD } }), email).toEqual({ kind: "mfa_required" });
      expect(await sessionsOf(user.id)).toHaveLength(before.length);
      // Not a failure: nothing is counted against the account, and no sign-in is recorded.
      expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => e.action)).toEqual([]);
    }
    expect(await t.database.db.select().from(authThrottles)).toEqual([]);
  });

  it("signs a government role in with a valid TOTP code, once: the same code cannot be replayed", async () => {
    const reviewer = demoUsers.find((u) => u.email === "reviewer@esb.example")!;
    const code = await demoTotpCode(reviewer.email);
    const ctx = await anonymous();
    const outcome = await authenticateUser({ ctx, input: { email: reviewer.email, password: DEMO_PASSWORD, code } });
    expect(outcome.kind).toBe("signed_in");
    const sessionId = outcome.kind === "signed_in" ? outcome.user.sessionId : "";
    const [session] = await t.database.db.select().from(userSessions).where(eq(userSessions.id, sessionId));
    expect(session!.mfa).toBe(true);
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.details])).toEqual([["auth.sign_in", { sessionId, mfa: "totp" }]]);
    expect(JSON.stringify(events)).not.toContain(code);

    const replay = await anonymous();
    expect(await authenticateUser({ ctx: replay, input: { email: reviewer.email, password: DEMO_PASSWORD, code } })).toEqual({
      kind: "mfa_invalid",
      retryAfterSeconds: 0,
    });
    expect((await auditEventsOf(t.database, replay.requestId)).map((e) => [e.action, (e.details as { reason?: string }).reason])).toEqual([
      ["auth.sign_in_failed", "bad_mfa_code"],
    ]);
    await t.database.db.delete(authThrottles);
  });

  it("refuses a wrong code, counting it as a failure, and a code of another account", async () => {
    const ctx = await anonymous();
    const outcome = await authenticateUser({ ctx, input: { email: "auditor@oversight.example", password: DEMO_PASSWORD, code: await demoTotpCode("reviewer2@esb.example") } });
    expect(outcome.kind).toBe("mfa_invalid");
    const [row] = await t.database.db.select().from(authThrottles).where(eq(authThrottles.key, "account:auditor@oversight.example"));
    expect(row!.failures).toBe(1);
    await t.database.db.delete(authThrottles);
  });

  it("accepts a recovery code once; a reused recovery code fails", async () => {
    const approver = demoUsers.find((u) => u.email === "approver@esb.example")!;
    const codes = await replaceRecoveryCodes(t.database.db, approver.id);
    const ctx = await anonymous();
    const first = await authenticateUser({ ctx, input: { email: approver.email, password: DEMO_PASSWORD, code: codes[3]!.toUpperCase() } });
    expect(first.kind).toBe("signed_in");
    expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => [e.action, e.details])).toEqual([
      ["mfa.recovery_code_used", { remaining: 9 }],
      ["auth.sign_in", { sessionId: first.kind === "signed_in" ? first.user.sessionId : "", mfa: "recovery_code" }],
    ]);
    const again = await authenticateUser({ ctx: await anonymous(), input: { email: approver.email, password: DEMO_PASSWORD, code: codes[3]! } });
    expect(again.kind).toBe("mfa_invalid");
    // Another, unused one still works.
    expect((await authenticateUser({ ctx: await anonymous(), input: { email: approver.email, password: DEMO_PASSWORD, code: codes[4]! } })).kind).toBe("signed_in");
  });

  it("stores recovery codes as salted keyed digests, and still accepts one stored unsalted (h1:) or as plain SHA-256 before, once", async () => {
    const approver = demoUsers.find((u) => u.email === "approver@esb.example")!;
    const codes = await replaceRecoveryCodes(t.database.db, approver.id);
    const stored = await t.database.db
      .select({ id: mfaRecoveryCodes.id, codeHash: mfaRecoveryCodes.codeHash })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, approver.id), sql`${mfaRecoveryCodes.usedAt} is null`));
    expect(stored).toHaveLength(codes.length);
    for (const row of stored) expect(row.codeHash).toMatch(/^h2:[0-9a-f]{8}:[0-9a-f]{64}$/);
    expect(new Set(stored.map((r) => r.codeHash.split(":")[1])).size).toBe(codes.length);
    const rowOf = (code: string) => stored.filter((r) => recoveryCodeMatches(r.codeHash, code));
    for (const code of codes) expect(rowOf(code)).toHaveLength(1);

    await t.database.db.update(mfaRecoveryCodes).set({ codeHash: legacyRecoveryCodeHash(codes[0]!) }).where(eq(mfaRecoveryCodes.id, rowOf(codes[0]!)[0]!.id));
    await t.database.db.update(mfaRecoveryCodes).set({ codeHash: unsaltedRecoveryCodeHash(codes[1]!) }).where(eq(mfaRecoveryCodes.id, rowOf(codes[1]!)[0]!.id));
    const sign = async (code: string) => (await authenticateUser({ ctx: await anonymous(), input: { email: approver.email, password: DEMO_PASSWORD, code } })).kind;
    for (const code of [codes[0]!, codes[1]!, codes[2]!]) {
      expect(await sign(code)).toBe("signed_in");
      expect(await sign(code)).toBe("mfa_invalid");
    }
  });

  it("sends an account that needs a second factor and has none to enrol, and signs it in with the new authenticator's first code", async () => {
    const email = "new-reviewer@esb.example";
    const [user] = await t.database.db
      .insert(users)
      .values({ email, displayName: "New Reviewer", passwordHash: await hashPassword("a long enough password") })
      .returning();
    await t.database.db.insert(memberships).values({ userId: user!.id, organisationId: demoOrgIds.esb, role: "agency_reviewer" });
    const input = { email, password: "a long enough password" };

    expect(await authenticateUser({ ctx: await anonymous(), input })).toEqual({ kind: "mfa_enrolment_required" });
    expect(await beginSignInEnrolment({ ctx: await anonymous(), input: { ...input, password: "not the password" } })).toMatchObject({ kind: "invalid" });

    const ctx = await anonymous();
    const started = await beginSignInEnrolment({ ctx, input });
    expect(started.kind).toBe("started");
    if (started.kind !== "started") return;
    expect(started.uri).toContain(`secret=${started.secret}`);
    expect(started.recoveryCodes).toHaveLength(10);
    expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => e.action)).toEqual(["mfa.enrolment_started"]);
    const [stored] = await t.database.db.select().from(userMfa).where(eq(userMfa.userId, user!.id));
    expect(stored!.secretCiphertext).not.toContain(started.secret);
    expect(stored!.confirmedAt).toBeNull();

    // The pending enrolment's recovery codes are not usable yet, nor is a wrong code.
    expect((await authenticateUser({ ctx: await anonymous(), input: { ...input, code: started.recoveryCodes[0] } })).kind).toBe("mfa_invalid");
    expect((await authenticateUser({ ctx: await anonymous(), input: { ...input, code: "000000" } })).kind).toBe("mfa_invalid");

    const done = await anonymous();
    const outcome = await authenticateUser({ ctx: done, input: { ...input, code: await generate({ secret: started.secret }) } });
    expect(outcome.kind).toBe("signed_in");
    expect((await auditEventsOf(t.database, done.requestId)).map((e) => e.action)).toEqual(["mfa.enrol", "auth.sign_in"]);
    // The user is told, by email, that an authenticator now guards the account.
    expect(await t.database.db.select({ kind: emailOutbox.kind, reference: emailOutbox.reference }).from(emailOutbox).where(eq(emailOutbox.toAddress, email))).toEqual([
      { kind: "account.security_notice", reference: { change: "authenticator_enrolled" } },
    ]);
    // Confirmed: a second enrolment is refused, and the password alone now asks for the code.
    expect(await beginSignInEnrolment({ ctx: await anonymous(), input })).toEqual({ kind: "not_needed" });
    expect(await authenticateUser({ ctx: await anonymous(), input })).toEqual({ kind: "mfa_required" });
    // Its recovery codes are live now.
    expect((await authenticateUser({ ctx: await anonymous(), input: { ...input, code: started.recoveryCodes[0] } })).kind).toBe("signed_in");
    await t.database.db.delete(authThrottles);
  });

  it("sends a company officer made company admin, with no authenticator, to enrol before any session", async () => {
    const officer = demoUsers.find((u) => u.email === "officer@tsubame.example")!;
    const input = { email: officer.email, password: DEMO_PASSWORD };
    await t.database.db.update(memberships).set({ role: "company_admin" }).where(eq(memberships.userId, officer.id));
    try {
      expect(await authenticateUser({ ctx: await anonymous(), input })).toEqual({ kind: "mfa_enrolment_required" });
    } finally {
      await t.database.db.update(memberships).set({ role: "company_officer" }).where(eq(memberships.userId, officer.id));
    }
    expect((await authenticateUser({ ctx: await anonymous(), input })).kind).toBe("signed_in");
  });

  it("asks a company's users for a second factor once the company requires one", async () => {
    await t.database.db.update(organisations).set({ mfaRequired: true }).where(eq(organisations.id, demoOrgIds.tsubame));
    try {
      expect(await authenticateUser({ ctx: await anonymous(), input: { email: "officer@tsubame.example", password: DEMO_PASSWORD } })).toEqual({
        kind: "mfa_enrolment_required",
      });
    } finally {
      await t.database.db.update(organisations).set({ mfaRequired: false }).where(eq(organisations.id, demoOrgIds.tsubame));
    }
    expect((await authenticateUser({ ctx: await anonymous(), input: { email: "officer@tsubame.example", password: DEMO_PASSWORD } })).kind).toBe("signed_in");
  });
});

describe("throttling", () => {
  const key = (email: string) => `account:${email}`;
  /** Moves an account's last failure, and the wait it set, into the past, as if time had passed. */
  const age = (k: string, seconds: number) =>
    t.database.db
      .update(authThrottles)
      .set({
        lastFailureAt: sql`${authThrottles.lastFailureAt} - make_interval(secs => ${seconds})`,
        blockedUntil: sql`${authThrottles.blockedUntil} - make_interval(secs => ${seconds})`,
      })
      .where(eq(authThrottles.key, k));

  it("checks no more of the attempts sent together than the throttle lets through, and counts each one checked", async () => {
    // Thirty wrong passwords for one account at once, from thirty addresses: each attempt is counted before
    // it is checked, so the sixth finds the wait the fifth set. (Checked first and counted after, all thirty
    // were checked: every gate read the count before any failure was written.)
    // Rules that lock at the fifth failure, so that a burst slower than the default one-second back-off on a
    // busy machine is still all within the lock.
    const locking = { ...config, account: { backoffAfter: 5, lockoutAfter: 5, lockoutMinutes: 15 } };
    const email = "officer@tsubame.example";
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, async () => authenticateUser({ ctx: await anonymous(), input: { email, password: "a-guess-at-once" } }, locking)),
    );
    const kinds = outcomes.map((o) => o.kind);
    expect(kinds.filter((k) => k === "invalid")).toHaveLength(5);
    expect(kinds.filter((k) => k === "throttled")).toHaveLength(25);
    const failed = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in_failed"), sql`${auditEvents.details} ->> 'email' = ${email}`));
    expect(failed).toHaveLength(5);
    const [row] = await t.database.db.select().from(authThrottles).where(eq(authThrottles.key, key(email)));
    expect(row!.failures).toBe(5);
    await t.database.db.delete(authThrottles).where(eq(authThrottles.key, key(email)));
  });

  it("counts nothing against an account whose password was right while its second factor is still to come", async () => {
    const email = "reviewer@esb.example";
    const address = "198.51.100.250";
    for (let i = 0; i < config.account.lockoutAfter + 2; i++) {
      expect((await authenticateUser({ ctx: await anonymous(address), input: { email, password: DEMO_PASSWORD } })).kind).toBe("mfa_required");
    }
    expect(await t.database.db.select().from(authThrottles).where(sql`${authThrottles.key} in (${key(email)}, ${`address:${address}`})`)).toEqual([]);
  });

  it("backs off exponentially after 5 failures, refuses unchecked while backing off, and locks for 15 minutes at 10", async () => {
    const email = "officer@minato.example";
    const wrong = { email, password: "not-the-password" };
    const waits: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const outcome = await authenticateUser({ ctx: await anonymous(), input: wrong });
      expect(outcome.kind, `attempt ${i}`).toBe("invalid");
      waits.push(outcome.kind === "invalid" ? outcome.retryAfterSeconds : -1);
      if (i >= 5 && i < 10) {
        // Straight away, even the right password is refused without being checked.
        const ctx = await anonymous();
        const refused = await authenticateUser({ ctx, input: { email, password: DEMO_PASSWORD } });
        expect(refused).toEqual({ kind: "throttled", retryAfterSeconds: expect.any(Number) });
        const events = await auditEventsOf(t.database, ctx.requestId);
        expect(events.map((e) => [e.action, e.outcome, e.details])).toEqual([
          ["auth.sign_in_throttled", "denied", { email, scope: "account", retryAfterSeconds: refused.kind === "throttled" ? refused.retryAfterSeconds : 0 }],
        ]);
        await age(key(email), 2 ** (i - 5));
      }
    }
    expect(waits).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 900]);
    const lockout = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "auth.locked_out"), sql`${auditEvents.details} ->> 'subject' = ${email}`));
    expect(lockout.map((e) => e.details)).toEqual([{ scope: "account", subject: email, failures: 10, minutes: 15 }]);

    await age(key(email), 14 * 60);
    const stillLocked = await authenticateUser({ ctx: await anonymous(), input: { email, password: DEMO_PASSWORD } });
    expect(stillLocked).toEqual({ kind: "throttled", retryAfterSeconds: 60 });

    await age(key(email), 60);
    expect((await authenticateUser({ ctx: await anonymous(), input: { email, password: DEMO_PASSWORD } })).kind).toBe("signed_in");
    // Success clears the account's count.
    expect(await t.database.db.select().from(authThrottles).where(eq(authThrottles.key, key(email)))).toEqual([]);
  });

  it("counts failures per client address across accounts, and locks that address only", async () => {
    const address = "203.0.113.77";
    for (let i = 1; i <= config.address.lockoutAfter; i++) {
      const outcome = await authenticateUser({ ctx: await anonymous(address), input: { email: `spray-${i}@nowhere.example`, password: "guess-guess" } });
      expect(outcome.kind).toBe("invalid");
      if (i >= config.address.backoffAfter && i < config.address.lockoutAfter) await age(`address:${address}`, 60);
    }
    const ctx = await anonymous(address);
    expect(await authenticateUser({ ctx, input: { email: officer.email, password: DEMO_PASSWORD } })).toEqual({ kind: "throttled", retryAfterSeconds: 900 });
    expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => (e.details as { scope: string }).scope)).toEqual(["address"]);
    expect((await authenticateUser({ ctx: await anonymous("203.0.113.78"), input: { email: officer.email, password: DEMO_PASSWORD } })).kind).toBe("signed_in");
    // A success from the address does not clear the address.
    const [row] = await t.database.db.select().from(authThrottles).where(eq(authThrottles.key, `address:${address}`));
    expect(row!.failures).toBe(config.address.lockoutAfter);
  });
});

// Runs last: it closes this file's database.
describe("a database fault", () => {
  it("is thrown instead of reported as a failed sign-in", async () => {
    const ctx = await t.ctxFor(null);
    await t.close();
    await expect(authenticateUser({ ctx, input: { email: officer.email, password: DEMO_PASSWORD } })).rejects.toThrow();
  });
});
