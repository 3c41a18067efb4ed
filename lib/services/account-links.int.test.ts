import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { accountLinks, auditEvents, authThrottles, emailOutbox, memberships, users } from "@/db/schema";
import { hashPassword } from "@/lib/security/passwords";
import { parseThrottleConfig } from "@/lib/security/throttle-policy";
import { recordFailure, signInKeys } from "./internal/throttle";
import { DEMO_PASSWORD, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { callAs, createTestDatabase, signInDemo, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { authenticateUser } from "./authenticate-user";
import { AccountLinkRejected, completeAccountLink } from "./complete-account-link";
import { ConflictError, ForbiddenError, NotFoundError, ThrottledError, ValidationError } from "./errors";
import { inspectAccountLink } from "./inspect-account-link";
import { inviteUser } from "./invite-user";
import { issuePasswordReset } from "./issue-password-reset";
import { listDemoMailbox } from "./list-demo-mailbox";
import { listDemoSignInCodes } from "./list-demo-sign-in-codes";
import { requestPasswordReset } from "./request-password-reset";
import { resolveSession } from "./resolve-session";
import { setUserDisabled } from "./set-user-disabled";
import { accountLinkTokenIn } from "@/lib/testing/mail-links";
import { whileBlocked } from "@/lib/testing/while-held";

const ADMIN = "admin@kakehashi.example";
const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const mailTo = (email: string) => t.database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(sql`${emailOutbox.createdAt} desc`);
const strong = (password: string) => ({ password, confirmPassword: password });

/** On PostgreSQL, the one wait of a second request on a row the first locked (or changed), answered by `whileBlocked`; none on PGlite. */
const waitedOnRow = (query: RegExp) =>
  testDatabaseKind() === "postgres" ? [expect.objectContaining({ locktype: "transactionid", mode: "ShareLock", waitEventType: "Lock", query: expect.stringMatching(query) })] : null;
// An administrator's change of a user locks the user first (findManagedUser with `lock`).
const managedUserLock = /^select .* from "users" inner join "memberships" .* for no key update of "users", "memberships"$/s;

describe("invitations", () => {
  it("invites an agency reviewer through the outbox; the link sets a password once; the first sign-in asks for an authenticator", async () => {
    const email = "mio.invited@esb.example";
    const { value, events } = await callAs(t, ADMIN, (ctx) =>
      inviteUser({ ctx, input: { email, displayName: "Mio Invited", organisationId: demoOrgIds.esb, role: "agency_reviewer" } }),
    );
    expect(events.map((e) => e.action)).toEqual(["user.invite", "account_link.issue"]);
    const [user] = await t.database.db.select().from(users).where(eq(users.id, value!.userId));
    expect(user!.passwordHash).toBeNull();

    const [mail] = await mailTo(email);
    expect(mail).toMatchObject({ kind: "account.invitation", state: "pending" });
    expect(mail!.subject).toContain("Kakehashi");
    const token = accountLinkTokenIn(mail!.textBody, "/welcome");
    // Only a digest is stored, and the secret is in no audit event.
    const [link] = await t.database.db.select().from(accountLinks).where(eq(accountLinks.userId, value!.userId));
    expect(link!.tokenHash).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain(token);
    expect(link!.expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);

    expect(await inspectAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "invitation" } })).toEqual({ ok: true, email, displayName: "Mio Invited" });
    // A reset page does not take an invitation's token.
    expect(await inspectAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "password_reset" } })).toEqual({ ok: false, reason: "unknown" });

    // A password with the email inside is refused on the server too; nothing changes and the link still works.
    await expect(
      completeAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "invitation", email: "", ...strong("xx-mio.invited-xx") } }),
    ).rejects.toMatchObject({ fieldErrors: [{ path: "password", message: "validation.passwordEmail" }] });
    expect((await t.database.db.select().from(users).where(eq(users.id, value!.userId)))[0]!.passwordHash).toBeNull();

    const done = await t.ctxFor(null);
    expect(await completeAccountLink({ ctx: done, input: { token, purpose: "invitation", email, ...strong("a quiet harbour at dawn") } })).toEqual({ email, revokedTokens: 0 });
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, done.requestId));
    expect(audit.map((e) => [e.action, e.details])).toEqual([["password.change", { via: "invitation" }]]);

    expect(await authenticateUser({ ctx: { ...(await t.ctxFor(null)), clientIp: "198.51.100.200" }, input: { email, password: "a quiet harbour at dawn" } })).toEqual({ kind: "mfa_enrolment_required" });

    // Used once: a second use is refused, audited, and changes nothing.
    const again = await t.ctxFor(null);
    const error = await completeAccountLink({ ctx: again, input: { token, purpose: "invitation", email, ...strong("another long password") } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLinkRejected);
    expect((error as AccountLinkRejected).fieldErrors).toEqual([{ path: "token", message: "validation.link_used" }]);
    const rejected = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, again.requestId));
    expect(rejected.map((e) => [e.action, e.outcome, e.details])).toEqual([["account_link.rejected", "denied", { reason: "used", purpose: "invitation" }]]);
    expect(await authenticateUser({ ctx: { ...(await t.ctxFor(null)), clientIp: "198.51.100.201" }, input: { email, password: "a quiet harbour at dawn" } })).toEqual({ kind: "mfa_enrolment_required" });
  });

  it("refuses an expired link with its own message", async () => {
    const email = "late@aoba.example";
    const { value } = await callAs(t, ADMIN, (ctx) => inviteUser({ ctx, input: { email, displayName: "Late", organisationId: demoOrgIds.aoba, role: "company_officer" } }));
    const token = accountLinkTokenIn((await mailTo(email))[0]!.textBody, "/welcome");
    await t.database.db.update(accountLinks).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(accountLinks.userId, value!.userId));
    expect(await inspectAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "invitation" } })).toEqual({ ok: false, reason: "expired" });
    await expect(completeAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "invitation", email, ...strong("a long enough password") } })).rejects.toMatchObject({
      fieldErrors: [{ path: "token", message: "validation.link_expired" }],
    });
    // An administrator sends a fresh invitation; it works.
    const { value: fresh } = await callAs(t, ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId: value!.userId } }));
    expect(fresh!.purpose).toBe("invitation");
    const token2 = accountLinkTokenIn((await mailTo(email))[0]!.textBody, "/welcome");
    expect(token2).not.toBe(token);
    await completeAccountLink({ ctx: await t.ctxFor(null), input: { token: token2, purpose: "invitation", email, ...strong("a long enough password") } });
    expect((await authenticateUser({ ctx: await t.ctxFor(null), input: { email, password: "a long enough password" } })).kind).toBe("signed_in");
  });

  it("lets a company admin invite into their own company only, with company roles only", async () => {
    const base = { displayName: "New Officer", role: "company_officer" as const };
    const own = await callAs(t, "admin@hoshino.example", (ctx) => inviteUser({ ctx, input: { ...base, email: "new.officer@hoshino.example", organisationId: demoOrgIds.hoshino } }));
    expect(own.error).toBeNull();
    const other = await callAs(t, "admin@hoshino.example", (ctx) => inviteUser({ ctx, input: { ...base, email: "x@aoba.example", organisationId: demoOrgIds.aoba } }));
    // Another company does not exist for a company admin: 404, and the attempt is audited.
    expect(other.error).toBeInstanceOf(NotFoundError);
    expect(other.events.map((e) => e.action)).toEqual(["access.denied"]);
    const agency = await callAs(t, "admin@hoshino.example", (ctx) => inviteUser({ ctx, input: { ...base, email: "y@hoshino.example", organisationId: demoOrgIds.hoshino, role: "agency_approver" } }));
    expect(agency.error).toBeInstanceOf(ValidationError);
    expect((await callAs(t, "officer@hoshino.example", (ctx) => inviteUser({ ctx, input: { ...base, email: "z@hoshino.example", organisationId: demoOrgIds.hoshino } }))).error).toBeInstanceOf(ForbiddenError);
    expect((await callAs(t, ADMIN, (ctx) => inviteUser({ ctx, input: { ...base, email: "Officer@Hoshino.example", organisationId: demoOrgIds.hoshino } }))).error).toBeInstanceOf(ConflictError);
    const made = await t.database.db.select().from(users).where(sql`${users.email} in ('x@aoba.example', 'y@hoshino.example', 'z@hoshino.example')`);
    expect(made).toEqual([]);
  });

  it("invites an address once when invitations for it are sent at the same moment: the others get 409, not a database error", async () => {
    const invite = (email: string) =>
      callAs(t, ADMIN, (ctx) => inviteUser({ ctx, input: { email, displayName: "Twice Invited", organisationId: demoOrgIds.minato, role: "company_officer" } }));
    const answers = await Promise.all([invite("twice@minato.example"), invite("Twice@Minato.example"), invite("twice@minato.example")]);
    expect(answers.filter((a) => a.error === null)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.error !== null)) expect(refused.error).toBeInstanceOf(ConflictError);
    expect(await t.database.db.select().from(users).where(sql`lower(${users.email}) = 'twice@minato.example'`)).toHaveLength(1);
  });
});

describe("password resets", () => {
  it("sends a reset link only to a real account, at most once in five minutes, and answers alike either way", async () => {
    const email = "officer@kawasemi.example";
    const before = (await mailTo(email)).length;
    await requestPasswordReset({ ctx: await t.ctxFor(null), input: { email: "nobody@nowhere.example" } });
    expect(await mailTo("nobody@nowhere.example")).toEqual([]);
    await requestPasswordReset({ ctx: await t.ctxFor(null), input: { email: email.toUpperCase() } });
    await requestPasswordReset({ ctx: await t.ctxFor(null), input: { email } });
    const mails = await mailTo(email);
    expect(mails.length).toBe(before + 1);
    expect(mails[0]!.kind).toBe("account.password_reset");

    const session = await signInDemo(t, email);
    const token = accountLinkTokenIn(mails[0]!.textBody, "/reset-password");
    const link = await t.database.db.select().from(accountLinks).where(and(eq(accountLinks.purpose, "password_reset"), sql`${accountLinks.usedAt} is null`));
    expect(link[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const ctx = await t.ctxFor(null);
    await completeAccountLink({ ctx, input: { token, purpose: "password_reset", email, ...strong("a reset password 2026") } });
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(audit.map((e) => [e.action, (e.details as { via?: string; reason?: string }).via ?? (e.details as { reason?: string }).reason])).toEqual([
      ["password.change", "reset_link"],
      ["session.revoke", "password_change"],
    ]);
    const { sessionId, userId, orgId, role } = session;
    expect(await resolveSession({ ctx: await t.ctxFor(null), input: { sessionId, userId, orgId, role } })).toBeNull();
    expect((await authenticateUser({ ctx: await t.ctxFor(null), input: { email, password: DEMO_PASSWORD } })).kind).toBe("invalid");
    expect((await authenticateUser({ ctx: await t.ctxFor(null), input: { email, password: "a reset password 2026" } })).kind).toBe("signed_in");
  });

  it("sends one reset link when requests for one account from two addresses meet", async () => {
    const email = "officer@tsubame.example";
    const from = async (clientIp: string) => ({ ...(await t.ctxFor(null)), clientIp });
    const [first, second] = [await from("203.0.113.70"), await from("203.0.113.71")];
    const resetMails = async () => (await mailTo(email)).filter((m) => m.kind === "account.password_reset");
    expect(await resetMails()).toEqual([]);
    const { waits } = await whileBlocked(
      t.database,
      (tx) => requestPasswordReset({ ctx: { ...first, db: tx }, input: { email } }),
      () => requestPasswordReset({ ctx: second, input: { email } }),
    );
    expect(await resetMails()).toHaveLength(1);
    // The second took its turn on the account's row, which the first locked as it found it, and then saw the first's link.
    expect(waits).toEqual(waitedOnRow(/^select "id" from "users" where .* for no key update$/s));
    const links = await t.database.db.select().from(accountLinks).where(and(eq(accountLinks.purpose, "password_reset"), eq(accountLinks.userId, idOf(email))));
    expect(links).toHaveLength(1);
  });

  it("issues one live link when an admin's two resets of an account meet: the later stops the earlier", async () => {
    const email = "officer@aoba.example";
    const adminCtx = await t.ctxFor(ADMIN);
    const { waits } = await whileBlocked(
      t.database,
      (tx) => issuePasswordReset({ ctx: { ...adminCtx, db: tx }, input: { userId: idOf(email) } }),
      () => callAs(t, ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId: idOf(email) } })),
    );
    // The later waited on the user's row, locked by the earlier as it found the user, before it read anything.
    expect(waits).toEqual(waitedOnRow(managedUserLock));
    const live = await t.database.db
      .select()
      .from(accountLinks)
      .where(and(eq(accountLinks.purpose, "password_reset"), eq(accountLinks.userId, idOf(email)), sql`${accountLinks.usedAt} is null and ${accountLinks.expiresAt} > now()`));
    expect(live).toHaveLength(1);
  });

  it("throttles reset requests per client address, every request counting (429, audited); other addresses are not held up", async () => {
    const from = async (clientIp: string, email: string) => {
      const ctx = { ...(await t.ctxFor(null)), clientIp };
      const error = await requestPasswordReset({ ctx, input: { email } }).catch((e: unknown) => e);
      return { error, events: await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId)) };
    };
    // The first 5 cost nothing (THROTTLE_ADDRESS_BACKOFF_AFTER), whether or not they name an account.
    for (const email of ["nobody1@nowhere.example", "officer@aoba.example", "nobody2@nowhere.example", "nobody3@nowhere.example", "nobody4@nowhere.example"]) {
      expect((await from("203.0.113.50", email)).error).toBeUndefined();
    }
    const held = await from("203.0.113.50", "officer@minato.example");
    expect(held.error).toBeInstanceOf(ThrottledError);
    expect(held.events.map((e) => [e.action, e.outcome, e.details])).toEqual([["password_reset.throttled", "denied", { retryAfterSeconds: expect.any(Number) }]]);
    expect(await mailTo("officer@minato.example")).toEqual([]);
    expect((await from("203.0.113.51", "nobody5@nowhere.example")).error).toBeUndefined();
  });

  it("lets no more reset requests sent together through than one after another: each is counted as it is admitted", async () => {
    const sent = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const ctx = { ...(await t.ctxFor(null)), clientIp: "203.0.113.60" };
        return requestPasswordReset({ ctx, input: { email: `burst${i}@nowhere.example` } }).then(
          () => "sent",
          (error: unknown) => (error instanceof ThrottledError ? "throttled" : error),
        );
      }),
    );
    // The first 5 cost nothing (THROTTLE_ADDRESS_BACKOFF_AFTER); the rest wait, together or not.
    expect(sent.filter((a) => a === "sent")).toHaveLength(5);
    expect(sent.filter((a) => a === "throttled")).toHaveLength(7);
  });

  it("lifts the account's sign-in lock when a reset completes, so its owner signs in at once; the failing address stays counted", async () => {
    const email = "locked.out@hoshino.example";
    const [user] = await t.database.db.insert(users).values({ email, displayName: "Locked Out", passwordHash: await hashPassword("an old password of mine") }).returning();
    await t.database.db.insert(memberships).values({ userId: user!.id, organisationId: demoOrgIds.hoshino, role: "company_officer" });
    const from = async (clientIp: string, password: string) => authenticateUser({ ctx: { ...(await t.ctxFor(null)), clientIp }, input: { email, password } });
    const config = parseThrottleConfig({ NODE_ENV: "test" });
    for (let n = 0; n < 10; n++) await recordFailure(t.database.db, config, signInKeys(email, "198.51.100.7"));
    expect((await from("198.51.100.8", "an old password of mine")).kind).toBe("throttled");

    await requestPasswordReset({ ctx: { ...(await t.ctxFor(null)), clientIp: "198.51.100.8" }, input: { email } });
    const token = accountLinkTokenIn((await mailTo(email))[0]!.textBody, "/reset-password");
    const ctx = await t.ctxFor(null);
    await completeAccountLink({ ctx, input: { token, purpose: "password_reset", email, ...strong("a reset password 2026") } });
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(audit.filter((e) => e.action === "auth.unlock").map((e) => [e.targetId, e.actorUserId, e.details])).toEqual([
      [user!.id, null, { failures: 10, wasBlocked: true, via: "password_reset" }],
    ]);
    expect((await from("198.51.100.8", "a reset password 2026")).kind).toBe("signed_in");
    expect(await t.database.db.select({ key: authThrottles.key }).from(authThrottles).where(eq(authThrottles.key, "address:198.51.100.7"))).toHaveLength(1);
  });

  it("makes an earlier link stop working when a new one is issued", async () => {
    const userId = demoUsers.find((u) => u.email === "officer@tsubame.example")!.id;
    await callAs(t, ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId } }));
    const first = accountLinkTokenIn((await mailTo("officer@tsubame.example"))[0]!.textBody, "/reset-password");
    await callAs(t, ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId } }));
    expect(await inspectAccountLink({ ctx: await t.ctxFor(null), input: { token: first, purpose: "password_reset" } })).toEqual({ ok: false, reason: "expired" });
    expect((await callAs(t, "admin@hoshino.example", (ctx) => issuePasswordReset({ ctx, input: { userId } }))).error).toMatchObject({ status: 404 });
  });
});

describe("a disabled account", () => {
  /** A company officer of Hoshino with a password, made for one test. */
  async function officer(email: string): Promise<string> {
    const [user] = await t.database.db.insert(users).values({ email, displayName: "Disabled Officer", passwordHash: await hashPassword("an officer password 2026") }).returning();
    await t.database.db.insert(memberships).values({ userId: user!.id, organisationId: demoOrgIds.hoshino, role: "company_officer" });
    return user!.id;
  }
  const passwordHashOf = async (userId: string) => (await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)))[0]!.h;

  it("has its links refused as expired ones, nothing written, even a link that outlived the disabling", async () => {
    const email = "disabled.link@hoshino.example";
    const userId = await officer(email);
    expect((await callAs(t, ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId } }))).error).toBeNull();
    const token = accountLinkTokenIn((await mailTo(email))[0]!.textBody, "/reset-password");
    // Disabled behind the service's back: the link itself is still live, the account is what refuses it.
    await t.database.db.update(users).set({ disabledAt: sql`now()` }).where(eq(users.id, userId));
    const before = await passwordHashOf(userId);

    expect(await inspectAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "password_reset" } })).toEqual({ ok: false, reason: "expired" });
    const ctx = await t.ctxFor(null);
    const error = await completeAccountLink({ ctx, input: { token, purpose: "password_reset", email, ...strong("a password for a disabled account") } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLinkRejected);
    expect((error as AccountLinkRejected).fieldErrors).toEqual([{ path: "token", message: "validation.link_expired" }]);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(audit.map((e) => [e.action, e.outcome, e.targetId, e.details])).toEqual([["account_link.rejected", "denied", userId, { reason: "expired", purpose: "password_reset" }]]);
    expect(await passwordHashOf(userId)).toBe(before);
    const [link] = await t.database.db.select({ usedAt: accountLinks.usedAt }).from(accountLinks).where(eq(accountLinks.userId, userId));
    expect(link!.usedAt).toBeNull();
  });

  it("is sent no link: an administrator is told to enable it first, and the public form answers as it does for nobody", async () => {
    const email = "disabled.reset@hoshino.example";
    const userId = await officer(email);
    await t.database.db.update(users).set({ disabledAt: sql`now()` }).where(eq(users.id, userId));

    for (const admin of [ADMIN, "admin@hoshino.example"]) {
      const refused = await callAs(t, admin, (ctx) => issuePasswordReset({ ctx, input: { userId } }));
      expect(refused.error).toBeInstanceOf(ConflictError);
      expect(refused.error).toMatchObject({ messageKey: "userDisabled" });
      expect(refused.events.map((e) => e.action)).not.toContain("account_link.issue");
    }
    const asked = async (address: string, clientIp: string) => {
      const ctx = { ...(await t.ctxFor(null)), clientIp };
      const answer = await requestPasswordReset({ ctx, input: { email: address } }).catch((e: unknown) => e);
      return { answer, events: (await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId))).map((e) => e.action) };
    };
    expect(await asked(email, "203.0.113.80")).toEqual(await asked("nobody.disabled@nowhere.example", "203.0.113.81"));
    expect(await mailTo(email)).toEqual([]);
    expect(await t.database.db.select().from(accountLinks).where(eq(accountLinks.userId, userId))).toEqual([]);
  });

  it("is sent no link by an administrator whose reset meets the disabling: the reset waits for it, then refuses", async () => {
    const email = "disabled.race@hoshino.example";
    const userId = await officer(email);
    const adminCtx = await t.ctxFor(ADMIN);
    const { second, waits } = await whileBlocked(
      t.database,
      (tx) => setUserDisabled({ ctx: { ...adminCtx, db: tx }, input: { userId, disabled: true } }),
      () => callAs(t, "admin@hoshino.example", (ctx) => issuePasswordReset({ ctx, input: { userId } })),
    );
    expect(second.error).toBeInstanceOf(ConflictError);
    // It read the user only once the disabling had committed: its lock waited on the row the disabling changed.
    expect(waits).toEqual(waitedOnRow(managedUserLock));
    expect(await t.database.db.select().from(accountLinks).where(eq(accountLinks.userId, userId))).toEqual([]);
  });
});

describe("demo conveniences", () => {
  it("shows the demo mailbox and the demo accounts' TOTP codes only when the server runs the demo", async () => {
    const ctx = await t.ctxFor(null);
    expect(await listDemoMailbox({ ctx, input: {} }, {})).toEqual([]);
    expect(await listDemoMailbox({ ctx, input: {} }, { DEMO_MODE: "0" })).toEqual([]);
    expect((await listDemoMailbox({ ctx, input: { to: "mio.invited@esb.example" } }, { DEMO_MODE: "1" })).length).toBeGreaterThan(0);

    expect(await listDemoSignInCodes({ ctx, input: undefined }, {})).toEqual({ codes: [], secondsLeft: 0 });
    const demo = await listDemoSignInCodes({ ctx, input: undefined }, { DEMO_MODE: "1" });
    expect(demo.codes.map((c) => c.email)).toEqual(["admin@hoshino.example", "reviewer@esb.example", "reviewer2@esb.example", "approver@esb.example", "auditor@oversight.example", ADMIN]);
    for (const { code } of demo.codes) expect(code).toMatch(/^\d{6}$/);
    // Never for an account outside the demo world, even in the demo.
    expect((await listDemoSignInCodes({ ctx, input: { email: "mio.invited@esb.example" } }, { DEMO_MODE: "1" })).codes).toEqual([]);
  });
});
