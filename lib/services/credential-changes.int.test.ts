import { and, eq, isNull, sql } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountLinks, apiTokens, auditEvents, authThrottles, emailOutbox, memberships, mfaRecoveryCodes, organisations, userMfa, userSessions, users, type Role } from "@/db/schema";
import { DEMO_PASSWORD, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { hashPassword } from "@/lib/security/passwords";
import { parseThrottleConfig } from "@/lib/security/throttle-policy";
import { RECOVERY_CODE_COUNT } from "@/lib/security/totp";
import { auditEventsOf, callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileBlocked } from "@/lib/testing/while-held";
import type { ReauthenticationInput } from "@/lib/schemas/password";
import { authenticateUser } from "./authenticate-user";
import { beginSignInEnrolment } from "./begin-sign-in-enrolment";
import { changeOwnPassword } from "./change-own-password";
import { completeAccountLink } from "./complete-account-link";
import type { ServiceCall } from "./context";
import { confirmMfaEnrolment } from "./confirm-mfa-enrolment";
import { createApiToken } from "./create-api-token";
import { ConflictError, ThrottledError, UnauthenticatedError, ValidationError } from "./errors";
import { getOwnSecurity } from "./get-own-security";
import { issueCliToken } from "./issue-cli-token";
import { unchecked, type Input } from "./input";
import { issuePasswordReset } from "./issue-password-reset";
import { replaceRecoveryCodes } from "./internal/mfa";
import { regenerateRecoveryCodes } from "./regenerate-recovery-codes";
import { removeOwnAuthenticator } from "./remove-own-authenticator";
import { resolveSession } from "./resolve-session";
import { startMfaEnrolment } from "./start-mfa-enrolment";
import { accountLinkTokenIn } from "@/lib/testing/mail-links";

// Changes to one's own credentials: the current password asked again for the second factor, API tokens
// revoked with a reset (always) or a change (on request), and a new password that is easy to guess refused.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const OFFICER_PASSWORD = "a harbour lantern in the rain";
const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;
const passwordHashOf = async (email: string) => (await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.email, email)))[0]!.h;
const codeHashesOf = async (email: string) =>
  (await t.database.db.select({ h: mfaRecoveryCodes.codeHash }).from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, idOf(email)))).map((r) => r.h).sort();
const liveTokensOf = async (email: string) =>
  (await t.database.db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.userId, idOf(email)), isNull(apiTokens.revokedAt)))).map((r) => r.id).sort();
const summary = (events: { action: string; outcome: string; details: unknown }[]) => events.map((e) => [e.action, e.outcome, e.details]);

async function enrol(email: string) {
  const started = await callAs(t, email, (ctx) => startMfaEnrolment({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
  const confirmed = await callAs(t, email, async (ctx) => confirmMfaEnrolment({ ctx, input: { code: await generate({ secret: started.value!.secret }) } }));
  expect(confirmed.error).toBeNull();
}

async function resetLinkFor(email: string): Promise<string> {
  const issued = await callAs(t, "admin@kakehashi.example", (ctx) => issuePasswordReset({ ctx, input: { userId: idOf(email) } }));
  expect(issued.error).toBeNull();
  const [mail] = await t.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, "account.password_reset")));
  return accountLinkTokenIn(mail!.textBody, "/reset-password");
}

describe(`changes to one's second factor on ${testDatabaseKind()}`, () => {
  it("leaves one set of ten recovery codes when two replacements meet, not twenty", async () => {
    const email = "admin@hoshino.example"; // enrolled in the demo world
    // The first is the replacement a regeneration makes, held uncommitted. Not the whole service: its throttle
    // admission, committed on its own before the work in production, would be held here too, and the second
    // would wait on that row (auth_throttles) instead of meeting the replacement.
    const { first, second, waits } = await whileBlocked(
      t.database,
      (tx) => replaceRecoveryCodes(tx, idOf(email)),
      () => callAs(t, email, (c) => regenerateRecoveryCodes({ ctx: c, input: { currentPassword: DEMO_PASSWORD } })),
    );
    expect(second.error).toBeNull();
    expect(first).not.toEqual(second.value);
    expect(await codeHashesOf(email)).toHaveLength(RECOVERY_CODE_COUNT);
    // It waited on the authenticator's row, which the first locked before deleting the old codes, so it deleted the first's new ones.
    const onTheAuthenticator = expect.objectContaining({
      locktype: "transactionid",
      mode: "ShareLock",
      waitEventType: "Lock",
      query: expect.stringMatching(/^select "user_id" from "user_mfa" where "user_mfa"."user_id" = \$1 for update$/),
    });
    expect(waits).toEqual(testDatabaseKind() === "postgres" ? [onTheAuthenticator] : null);
  });

  it("ask for the current password: a wrong one changes nothing, answers a field error and counts as a failed sign-in", async () => {
    const email = "officer@hoshino.example";
    await enrol(email);
    const codes = await codeHashesOf(email);
    expect(codes.length).toBeGreaterThan(0);
    try {

    const calls: ((call: ServiceCall<Input<ReauthenticationInput>>) => Promise<unknown>)[] = [regenerateRecoveryCodes, removeOwnAuthenticator, startMfaEnrolment];
    for (const call of calls) {
      const refused = await callAs(t, email, (ctx) => call({ ctx, input: { currentPassword: "not the password" } }));
      expect(refused.error).toBeInstanceOf(ValidationError);
      expect(refused.error).toMatchObject({ fieldErrors: [{ path: "currentPassword", message: "validation.currentPassword" }] });
      expect(summary(refused.events)).toEqual([["auth.sign_in_failed", "denied", { email, reason: "bad_current_password" }]]);
    }
    const missing = await callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: unchecked({}) }));
    expect(missing.error).toMatchObject({ fieldErrors: [{ path: "currentPassword", message: "validation.required" }] });
    expect(await codeHashesOf(email)).toEqual(codes);
    expect((await t.database.db.select().from(userMfa).where(eq(userMfa.userId, idOf(email)))).length).toBe(1);

    const renewed = await callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
    expect(renewed.error).toBeNull();
    expect(await codeHashesOf(email)).not.toEqual(codes);
    const removed = await callAs(t, email, (ctx) => removeOwnAuthenticator({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
    expect(removed.error).toBeNull();
    expect(await t.database.db.select().from(userMfa).where(eq(userMfa.userId, idOf(email)))).toEqual([]);
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });

  it("check no more of the guesses sent together than the throttle lets through: one failure short of the lock, one is checked", async () => {
    const email = "officer@minato.example";
    await enrol(email);
    const codes = await codeHashesOf(email);
    const { lockoutAfter } = parseThrottleConfig({ NODE_ENV: "test" }).account;
    await t.database.db.insert(authThrottles).values({ key: `account:${email}`, failures: lockoutAfter - 1, lastFailureAt: sql`now()` });
    try {
      // Each guess is counted before it is checked, so the first to be counted locks the account for the
      // others, however slow the machine. (Checked first and counted after, each read the count before
      // any failure was written, and all thirty were checked.)
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) => callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: { currentPassword: `guess at once ${i}` } }))),
      );
      expect(outcomes.filter((o) => o.error instanceof ValidationError)).toHaveLength(1);
      expect(outcomes.filter((o) => o.error instanceof ThrottledError)).toHaveLength(29);
      const [row] = await t.database.db.select().from(authThrottles).where(eq(authThrottles.key, `account:${email}`));
      expect(row!.failures).toBe(lockoutAfter);
      expect(outcomes.flatMap((o) => summary(o.events)).filter(([action]) => action === "auth.locked_out")).toHaveLength(1);
      expect(await codeHashesOf(email)).toEqual(codes);
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });

  it("give back the attempt of a right password, and of a call refused for another reason", async () => {
    const email = "officer@kawasemi.example";
    await enrol(email);
    await t.database.db.insert(authThrottles).values({ key: `account:${email}`, failures: 3, lastFailureAt: sql`now()` });
    try {
      expect((await callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: { currentPassword: DEMO_PASSWORD } }))).error).toBeNull();
      expect((await callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: unchecked({}) }))).error).toBeInstanceOf(ValidationError);
      const [row] = await t.database.db.select().from(authThrottles).where(eq(authThrottles.key, `account:${email}`));
      expect(row).toMatchObject({ failures: 3, blockedUntil: null });
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });

  it("are throttled like a sign-in: after five wrong passwords even the right one waits, unchecked", async () => {
    const email = "officer@aoba.example";
    await enrol(email);
    const codes = await codeHashesOf(email);
    try {
      for (let n = 1; n <= 5; n++) {
        const wrong = await callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: { currentPassword: `wrong guess ${n}` } }));
        expect(wrong.error).toBeInstanceOf(ValidationError);
      }
      const waiting = await callAs(t, email, (ctx) => regenerateRecoveryCodes({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
      expect(waiting.error).toBeInstanceOf(ThrottledError);
      expect(summary(waiting.events)).toEqual([["auth.sign_in_throttled", "denied", { email, scope: "account", retryAfterSeconds: expect.any(Number) }]]);
      expect(await codeHashesOf(email)).toEqual(codes);
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });
});

describe(`an authenticator enrolled on ${testDatabaseKind()}`, () => {
  let made = 0;
  /** A company officer of Tsubame (whose company asks for no second factor) with a password and no authenticator. */
  async function passwordOnlyOfficer(): Promise<{ email: string; userId: string }> {
    const email = `enrolling.officer${++made}@tsubame.example`;
    const [user] = await t.database.db.insert(users).values({ email, displayName: "Enrolling Officer", passwordHash: await hashPassword(OFFICER_PASSWORD) }).returning();
    await t.database.db.insert(memberships).values({ userId: user!.id, organisationId: demoOrgIds.tsubame, role: "company_officer" });
    return { email, userId: user!.id };
  }
  let address = 0;
  async function signIn(email: string, code?: string) {
    const outcome = await authenticateUser({ ctx: { ...(await t.ctxFor(null)), clientIp: `198.51.100.${150 + ++address}` }, input: { email, password: OFFICER_PASSWORD, code } });
    if (outcome.kind !== "signed_in") throw new Error(`sign-in as ${email}: ${outcome.kind}`);
    return outcome.user;
  }
  async function resolve(user: { sessionId: string; userId: string; orgId: string; role: Role }) {
    const { sessionId, userId, orgId, role } = user;
    return resolveSession({ ctx: await t.ctxFor(null), input: { sessionId, userId, orgId, role } });
  }
  const sessionRow = async (id: string) => (await t.database.db.select().from(userSessions).where(eq(userSessions.id, id)))[0]!;

  it("ends the account's other sessions opened with the password alone when its user enrols one; this one and any opened with a code stay", async () => {
    const { email, userId } = await passwordOnlyOfficer();
    const here = await signIn(email);
    const elsewhere = await signIn(email);
    expect([(await sessionRow(here.sessionId)).mfa, (await sessionRow(elsewhere.sessionId)).mfa]).toEqual([false, false]);
    const [withCode] = await t.database.db.insert(userSessions).values({ userId, expiresAt: sql`now() + interval '1 hour'`, mfa: true }).returning({ id: userSessions.id });
    // Where neither role nor company asks for a second factor, a session opened without one is accepted.
    expect(await resolve(elsewhere)).not.toBeNull();

    const ctx = { ...(await t.ctxFor(email)), actor: (await resolve(here))! };
    const started = await startMfaEnrolment({ ctx, input: { currentPassword: OFFICER_PASSWORD } });
    const confirming = { ...ctx, requestId: `${ctx.requestId}-confirm` };
    await confirmMfaEnrolment({ ctx: confirming, input: { code: await generate({ secret: started.secret }) } });

    expect(await resolve(elsewhere)).toBeNull();
    expect(await resolve(here)).not.toBeNull();
    expect(await resolve({ ...here, sessionId: withCode!.id })).not.toBeNull();
    expect(summary(await auditEventsOf(t.database, confirming.requestId))).toEqual([
      ["mfa.enrol", "allowed", { recoveryCodes: RECOVERY_CODE_COUNT }],
      ["session.revoke", "allowed", { sessionIds: [elsewhere.sessionId], reason: "mfa_enrolment" }],
    ]);
    expect(await sessionRow(elsewhere.sessionId)).toMatchObject({ revokedReason: "user", revokedBy: userId });
  });

  it("ends them when the authenticator is enrolled at a sign-in the company's new rule asked it for, and not again when the rule is lifted", async () => {
    const { email } = await passwordOnlyOfficer();
    const before = await signIn(email);
    await t.database.db.update(organisations).set({ mfaRequired: true }).where(eq(organisations.id, demoOrgIds.tsubame));
    let after;
    try {
      const started = await beginSignInEnrolment({ ctx: { ...(await t.ctxFor(null)), clientIp: "198.51.100.149" }, input: { email, password: OFFICER_PASSWORD } });
      if (started.kind !== "started") throw new Error(`enrolment: ${started.kind}`);
      after = await signIn(email, await generate({ secret: started.secret }));
    } finally {
      await t.database.db.update(organisations).set({ mfaRequired: false }).where(eq(organisations.id, demoOrgIds.tsubame));
    }
    // The company asks for no second factor again: the session opened with the password alone must not come back with that.
    expect(await resolve(before)).toBeNull();
    expect(await resolve(after)).not.toBeNull();
    const ended = await t.database.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'session.revoke' and ${auditEvents.targetId} = ${before.userId}`);
    expect(ended.map((e) => e.details)).toEqual([{ sessionIds: [before.sessionId], reason: "mfa_enrolment" }]);
  });
});

describe(`API tokens and a new password on ${testDatabaseKind()}`, () => {
  it("a password reset revokes every live token of the account, each audited with its reason", async () => {
    const email = "officer@minato.example";
    const first = await issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "sync one", expiresInDays: 30 } });
    const second = await issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "sync two", expiresInDays: 30 } });
    expect(await liveTokensOf(email)).toEqual([first.id, second.id].sort());
    const security = await callAs(t, email, (ctx) => getOwnSecurity({ ctx, input: undefined }));
    expect(security.value).toMatchObject({ liveApiTokens: 2 });

    const token = await resetLinkFor(email);
    const ctx = await t.ctxFor(null);
    const done = await completeAccountLink({ ctx, input: { token, purpose: "password_reset", email, password: "a reset that is long enough", confirmPassword: "a reset that is long enough" } });
    expect(done).toEqual({ email, revokedTokens: 2 });
    expect(await liveTokensOf(email)).toEqual([]);
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.filter((e) => e.action === "api_token.revoke").map((e) => [e.targetId, e.details]).sort()).toEqual(
      [
        [first.id, { reason: "password_reset" }],
        [second.id, { reason: "password_reset" }],
      ].sort(),
    );
  });

  it("a password change revokes the caller's tokens only when asked to", async () => {
    const email = "officer@kawasemi.example";
    const kept = await issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "kept", expiresInDays: 30 } });
    const change = (currentPassword: string, password: string, revokeApiTokens?: boolean) =>
      callAs(t, email, (ctx) => changeOwnPassword({ ctx, input: { currentPassword, email, password, confirmPassword: password, ...(revokeApiTokens === undefined ? {} : { revokeApiTokens }) } }));

    const plain = await change(DEMO_PASSWORD, "first new password, long");
    expect(plain.value).toMatchObject({ revokedTokens: 0 });
    expect(plain.events.map((e) => e.action)).not.toContain("api_token.revoke");
    expect(await liveTokensOf(email)).toEqual([kept.id]);

    const revoking = await change("first new password, long", "second new password, long", true);
    expect(revoking.value).toMatchObject({ revokedTokens: 1 });
    expect(revoking.events.filter((e) => e.action === "api_token.revoke").map((e) => [e.targetId, e.details])).toEqual([[kept.id, { reason: "password_change" }]]);
    expect(await liveTokensOf(email)).toEqual([]);
  });

  it("refuses a new password that is easy to guess, on a change and on a link, and writes nothing", async () => {
    const email = "officer@tsubame.example";
    const before = await passwordHashOf(email);
    for (const weak of ["password1234", "qwertyuiopasdf", "Aoi Yamamoto 1990", "Tsubame2026!"]) {
      const changed = await callAs(t, email, (ctx) => changeOwnPassword({ ctx, input: { currentPassword: DEMO_PASSWORD, email, password: weak, confirmPassword: weak } }));
      expect(changed.error, weak).toMatchObject({ fieldErrors: [{ path: "password", message: "validation.passwordWeak" }] });
      expect(changed.events.map((e) => e.action)).not.toContain("password.change");
    }
    expect(await passwordHashOf(email)).toBe(before);

    const token = await resetLinkFor(email);
    const refused = await completeAccountLink({
      ctx: await t.ctxFor(null),
      input: { token, purpose: "password_reset", email, password: "iloveyou12345", confirmPassword: "iloveyou12345" },
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ fieldErrors: [{ path: "password", message: "validation.passwordWeak" }] });
    expect(await passwordHashOf(email)).toBe(before);
    // The link was not used up: the same link then takes a strong password.
    const [link] = await t.database.db.select({ usedAt: accountLinks.usedAt }).from(accountLinks).where(eq(accountLinks.userId, idOf(email)));
    expect(link!.usedAt).toBeNull();
    await completeAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "password_reset", email, password: "tide pools under a paper moon", confirmPassword: "tide pools under a paper moon" } });
    expect(await passwordHashOf(email)).not.toBe(before);
  });
});

describe(`a credential issued beside a password reset on ${testDatabaseKind()}`, () => {
  it("is no API token from a session the reset ended while the request was on its way", async () => {
    const email = "admin@hoshino.example";
    // The request resolved its session (ctx) before the reset ended it.
    const [session] = await t.database.db.insert(userSessions).values({ userId: idOf(email), expiresAt: sql`now() + interval '1 hour'`, mfa: true }).returning({ id: userSessions.id });
    const base = await t.ctxFor(email);
    const ctx = { ...base, actor: { ...base.actor!, sessionId: session!.id } };
    const token = await resetLinkFor(email);
    await completeAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "password_reset", email, password: "a reset that outlives the thief", confirmPassword: "a reset that outlives the thief" } });
    await expect(createApiToken({ ctx, input: { name: "left behind", expiresInDays: 365 } })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await liveTokensOf(email)).toEqual([]);
  });

  it("is no session from a password checked before the reset committed", async () => {
    const email = "officer@kawasemi.example";
    const [user] = await t.database.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
    // The sign-in checked the old password; the reset commits before its session is written: the service's
    // last transaction is run after the reset (a database whose transaction() lets the reset in first).
    const link = await resetLinkFor(email);
    let transactions = 0;
    const db = new Proxy(t.database.db, {
      get(target, key, receiver) {
        if (key !== "transaction") return Reflect.get(target, key, receiver);
        return async (...args: Parameters<typeof target.transaction>) => {
          // The password was checked outside any transaction; the first transaction after it opens the session.
          if (++transactions === 2) {
            await completeAccountLink({ ctx: await t.ctxFor(null), input: { token: link, purpose: "password_reset", email, password: "a reset beside a sign-in", confirmPassword: "a reset beside a sign-in" } });
          }
          return target.transaction(...args);
        };
      },
    });
    const ctx = { ...(await t.ctxFor(null)), db, clientIp: "198.51.100.240" };
    const outcome = await authenticateUser({ ctx, input: { email, password: DEMO_PASSWORD } });
    expect(transactions).toBeGreaterThanOrEqual(2); // the reset ran
    expect(outcome.kind).toBe("invalid");
    expect(await passwordHashOf(email)).not.toBe(user!.passwordHash);
    const open = await t.database.db
      .select({ id: userSessions.id })
      .from(userSessions)
      .where(and(eq(userSessions.userId, idOf(email)), isNull(userSessions.revokedAt)));
    expect(open).toEqual([]);
  });

  it("is no API token from the command line for an account that is disabled", async () => {
    const email = "officer@aoba.example";
    await t.database.db.update(users).set({ disabledAt: sql`now()` }).where(eq(users.email, email));
    try {
      await expect(issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "for a disabled account", expiresInDays: 30 } })).rejects.toBeInstanceOf(ConflictError);
      expect(await liveTokensOf(email)).toEqual([]);
    } finally {
      await t.database.db.update(users).set({ disabledAt: null }).where(eq(users.email, email));
    }
  });
});
