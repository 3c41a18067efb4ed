import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiTokens, auditEvents, authThrottles, emailOutbox, memberships, productAssignments, userSessions, users } from "@/db/schema";
import { DEMO_PASSWORD, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { callAs, createTestDatabase, signInDemo, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { accountLinkTokenIn } from "@/lib/testing/mail-links";
import { whileBlocked } from "@/lib/testing/while-held";
import type { AuthenticatedUser } from "./authenticate-user";
import { changeOwnPassword } from "./change-own-password";
import { changeUserRole } from "./change-user-role";
import { createOrganisation } from "./create-organisation";
import { ConflictError, ForbiddenError, NotFoundError, ThrottledError, ValidationError } from "./errors";
import { getDisclosure } from "./get-disclosure";
import { listOwnSessions } from "./list-own-sessions";
import { listUsers } from "./list-users";
import { resolveSession } from "./resolve-session";
import { revokeOwnSession } from "./revoke-own-session";
import { revokeUserSessions } from "./revoke-user-sessions";
import { setCompanyMfaPolicy } from "./set-company-mfa-policy";
import { setProductAssignments } from "./set-product-assignments";
import { setUserDisabled } from "./set-user-disabled";
import { authenticateToken } from "./authenticate-token";
import { issueCliToken } from "./issue-cli-token";
import { getUserDetail } from "./get-user-detail";
import { inspectAccountLink } from "./inspect-account-link";
import { issuePasswordReset } from "./issue-password-reset";
import { recordFailure, signInKeys } from "./internal/throttle";
import { unlockUser } from "./unlock-user";
import { parseThrottleConfig } from "@/lib/security/throttle-policy";

const ADMIN = "admin@kakehashi.example";
const HOSHINO_ADMIN = "admin@hoshino.example";
const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function resolve(user: AuthenticatedUser) {
  const { sessionId, userId, orgId, role } = user;
  return resolveSession({ ctx: await t.ctxFor(null), input: { sessionId, userId, orgId, role } });
}

/** The session's claims as its token carries them, for the role the user holds now. */
async function resolveAsNow(user: AuthenticatedUser) {
  const [m] = await t.database.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, user.userId));
  return resolve({ ...user, role: m!.role });
}

const setLastSeen = (sessionId: string, minutesAgo: number) =>
  t.database.db.update(userSessions).set({ lastSeenAt: sql`now() - make_interval(mins => ${minutesAgo})` }).where(eq(userSessions.id, sessionId));

describe("sessions", () => {
  it("lists the caller's open sessions, and a session the user revokes is refused at its next request", async () => {
    const first = await signInDemo(t, "officer@aoba.example");
    const second = await signInDemo(t, "officer@aoba.example");
    const ctx = { ...(await t.ctxFor("officer@aoba.example")), actor: (await resolve(first))! };
    const listed = await listOwnSessions({ ctx, input: undefined });
    expect(listed.filter((s) => [first.sessionId, second.sessionId].includes(s.id)).map((s) => [s.id === first.sessionId, s.current])).toEqual(
      expect.arrayContaining([
        [true, true],
        [false, false],
      ]),
    );
    const { events } = await callAs(t, "officer@aoba.example", (c) => revokeOwnSession({ ctx: { ...c, actor: ctx.actor }, input: { sessionId: second.sessionId } }));
    expect(events.map((e) => [e.action, e.details])).toEqual([["session.revoke", { sessionIds: [second.sessionId], reason: "user" }]]);
    expect(await resolve(second)).toBeNull();
    expect(await resolve(first)).not.toBeNull();
    const [row] = await t.database.db.select().from(userSessions).where(eq(userSessions.id, second.sessionId));
    expect(row).toMatchObject({ revokedReason: "user", revokedBy: first.userId });
  });

  it("does not let a user revoke someone else's session (404, audited)", async () => {
    const other = await signInDemo(t, "officer@minato.example");
    const { error, events } = await callAs(t, "officer@aoba.example", (ctx) => revokeOwnSession({ ctx, input: { sessionId: other.sessionId } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["access.denied", "denied"]]);
    expect(await resolve(other)).not.toBeNull();
  });

  it("lets a platform admin end a user's sessions", async () => {
    const user = await signInDemo(t, "officer@kawasemi.example");
    const { value, events } = await callAs(t, ADMIN, (ctx) => revokeUserSessions({ ctx, input: { userId: user.userId } }));
    expect(value).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([["session.revoke", "admin"]]);
    expect(await resolve(user)).toBeNull();
    const { error } = await callAs(t, HOSHINO_ADMIN, (ctx) => revokeUserSessions({ ctx, input: { userId: user.userId } }));
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it("counts as open, for administrators as for the user, only sessions within their idle limit", async () => {
    const user = await signInDemo(t, "officer@tsubame.example");
    const opened = async () => {
      const listed = (await callAs(t, ADMIN, (ctx) => listUsers({ ctx, input: undefined }))).value!.find((u) => u.id === user.userId)!.openSessions;
      const detail = (await callAs(t, ADMIN, (ctx) => getUserDetail({ ctx, input: { userId: user.userId } }))).value!.sessions.map((s) => s.id);
      return { listed, detail: detail.includes(user.sessionId) };
    };
    const before = await opened();
    expect(before.detail).toBe(true);
    // A company's idle limit is 8 hours: a session silent for 9 is closed at its next request, so not open.
    await setLastSeen(user.sessionId, 9 * 60);
    expect(await opened()).toEqual({ listed: before.listed - 1, detail: false });
  });

  it("ends a government session after 30 idle minutes, a company session after 8 hours", async () => {
    const reviewer = await signInDemo(t, "reviewer2@esb.example");
    await setLastSeen(reviewer.sessionId, 29);
    expect(await resolve(reviewer)).not.toBeNull();
    await setLastSeen(reviewer.sessionId, 31);
    expect(await resolve(reviewer)).toBeNull();

    const officer = await signInDemo(t, "officer@tsubame.example");
    await setLastSeen(officer.sessionId, 31);
    expect(await resolve(officer)).not.toBeNull();
    await setLastSeen(officer.sessionId, 7 * 60 + 59);
    expect(await resolve(officer)).not.toBeNull();
    await setLastSeen(officer.sessionId, 8 * 60 + 1);
    expect(await resolve(officer)).toBeNull();
  });

  it("keeps an absolute limit of 12 hours from sign-in, however active", async () => {
    const officer = await signInDemo(t, "officer@hoshino.example");
    const [row] = await t.database.db.select().from(userSessions).where(eq(userSessions.id, officer.sessionId));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(12 * 3600_000);
  });

  it("ends a company's sessions opened without a second factor once the company requires one, for good", async () => {
    const officer = await signInDemo(t, "officer@hoshino.example");
    const { events } = await callAs(t, HOSHINO_ADMIN, (ctx) => setCompanyMfaPolicy({ ctx, input: { required: true } }));
    try {
      expect(events.map((e) => [e.action, e.targetOrgId, e.details])).toEqual([
        ["organisation.mfa_policy", demoOrgIds.hoshino, { mfaRequired: true }],
        // The officer's (and any other password-only session of theirs an earlier test left open).
        ["session.revoke", demoOrgIds.hoshino, { sessionIds: expect.arrayContaining([officer.sessionId]), reason: "mfa_policy" }],
      ]);
      expect(await resolve(officer)).toBeNull();
    } finally {
      await callAs(t, HOSHINO_ADMIN, (ctx) => setCompanyMfaPolicy({ ctx, input: { required: false } }));
    }
    // Lifting the rule again brings back no session it ended.
    expect(await resolve(officer)).toBeNull();
    const [row] = await t.database.db.select().from(userSessions).where(eq(userSessions.id, officer.sessionId));
    expect(row!.revokedReason).toBe("admin");
    const { error } = await callAs(t, "officer@hoshino.example", (ctx) => setCompanyMfaPolicy({ ctx, input: { required: true } }));
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it("ends the other sessions when a password changes, and refuses a wrong current password or a weak new one", async () => {
    const keep = await signInDemo(t, "officer@minato.example");
    const other = await signInDemo(t, "officer@minato.example");
    const ctx = { ...(await t.ctxFor("officer@minato.example")), actor: (await resolve(keep))! };
    const change = (currentPassword: string, password: string) =>
      changeOwnPassword({ ctx: { ...ctx, requestId: `test-${Math.random()}` }, input: { currentPassword, email: "officer@minato.example", password, confirmPassword: password } });

    await expect(change("not-the-password", "a brand new password")).rejects.toBeInstanceOf(ValidationError);
    await expect(change(DEMO_PASSWORD, "officer@minato.example!!")).rejects.toMatchObject({ fieldErrors: [{ path: "password", message: "validation.passwordEmail" }] });
    expect(await resolve(other)).not.toBeNull();

    expect(await change(DEMO_PASSWORD, "a brand new password")).toEqual({ endedSessions: 2, revokedTokens: 0 });
    expect(await resolve(other)).toBeNull();
    expect(await resolve(keep)).not.toBeNull();
    // Put the demo password back for the rest of the file.
    await change("a brand new password", "kakehashi-demo-again");
    await t.database.db
      .update(users)
      .set({ passwordHash: (await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.email, "officer@hoshino.example")))[0]!.h })
      .where(eq(users.email, "officer@minato.example"));
  });

  it("counts a wrong current password like a failed sign-in, audited; once backing off, even the right one waits, unchecked", async () => {
    const email = "officer@kawasemi.example";
    const session = await signInDemo(t, email);
    const ctx = { ...(await t.ctxFor(email)), actor: (await resolve(session))!, clientIp: "198.51.100.77" };
    const change = async (currentPassword: string) => {
      const call = { ...ctx, requestId: `test-${Math.random()}` };
      const error = await changeOwnPassword({ ctx: call, input: { currentPassword, email, password: "another brand new password", confirmPassword: "another brand new password" } }).catch((e: unknown) => e);
      return { error, events: await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, call.requestId)) };
    };
    const before = (await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.email, email)))[0]!.h;
    try {
      // The first 5 failures cost nothing (THROTTLE_BACKOFF_AFTER); the 5th starts the back-off.
      for (let n = 1; n <= 5; n++) {
        const wrong = await change(`wrong guess ${n}`);
        expect(wrong.error).toMatchObject({ fieldErrors: [{ path: "currentPassword", message: "validation.currentPassword" }] });
        expect(wrong.events.map((e) => [e.action, e.outcome, e.targetId, e.details])).toEqual([["auth.sign_in_failed", "denied", idOf(email), { email, reason: "bad_current_password" }]]);
      }
      const waiting = await change(DEMO_PASSWORD);
      expect(waiting.error).toBeInstanceOf(ThrottledError);
      expect(waiting.events.map((e) => [e.action, e.details])).toEqual([["auth.sign_in_throttled", { email, scope: "account", retryAfterSeconds: expect.any(Number) }]]);
      expect((await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.email, email)))[0]!.h).toBe(before);
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });

  it("lets a platform admin lift an account's sign-in lock, audited; the addresses stay counted; nobody else may", async () => {
    const email = "officer@tsubame.example";
    const userId = idOf(email);
    const config = parseThrottleConfig({ NODE_ENV: "test" });
    await recordFailure(t.database.db, config, signInKeys(email, "198.51.100.88"));
    for (let n = 0; n < 9; n++) await recordFailure(t.database.db, config, signInKeys(email, undefined));
    try {
      const seen = await callAs(t, ADMIN, (ctx) => getUserDetail({ ctx, input: { userId } }));
      expect(seen.value!.signInFailures).toEqual({ count: 10, blockedUntil: expect.any(Date) });
      const refused = await callAs(t, HOSHINO_ADMIN, (ctx) => unlockUser({ ctx, input: { userId } }));
      expect(refused.error).toBeInstanceOf(ForbiddenError);
      expect(refused.events.map((e) => e.action)).toEqual(["access.denied"]);

      const lifted = await callAs(t, ADMIN, (ctx) => unlockUser({ ctx, input: { userId } }));
      expect(lifted.value).toBe(true);
      expect(lifted.events.map((e) => [e.action, e.targetId, e.details])).toEqual([["auth.unlock", userId, { failures: 10, wasBlocked: true, via: "admin" }]]);
      expect((await callAs(t, ADMIN, (ctx) => getUserDetail({ ctx, input: { userId } }))).value!.signInFailures).toBeNull();
      expect((await t.database.db.select({ key: authThrottles.key }).from(authThrottles)).map((r) => r.key)).toEqual(["address:198.51.100.88"]);
      const again = await callAs(t, ADMIN, (ctx) => unlockUser({ ctx, input: { userId } }));
      expect([again.value, again.events]).toEqual([false, []]);
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });
});

describe("roles, disabling and tokens", () => {
  it("ends every session and revokes every API token of a user whose role changes, audited with the change", async () => {
    const user = await signInDemo(t, "officer@tsubame.example");
    const issued = await issueCliToken({ ctx: await t.ctxFor(null), input: { email: "officer@tsubame.example", name: "before the promotion", expiresInDays: 30 } });
    const { value, events } = await callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: user.userId, role: "company_admin" } }));
    try {
      expect(value).toMatchObject({ from: "company_officer", to: "company_admin", revokedTokens: 1 });
      expect(events.map((e) => [e.action, e.details])).toEqual([
        ["user.role_change", { from: "company_officer", to: "company_admin" }],
        ["session.revoke", { sessionIds: expect.arrayContaining([user.sessionId]), reason: "role_change" }],
        ["api_token.revoke", { reason: "role_change" }],
      ]);
      // The token was made for an officer: it does not act as an admin.
      await expect(authenticateToken({ ctx: { ...(await t.ctxFor(null)), clientIp: "192.0.2.92" }, input: { token: issued.token } })).rejects.toThrow();
      // Ended at the next request, whatever role the token names.
      expect(await resolve(user)).toBeNull();
      expect(await resolveAsNow(user)).toBeNull();
    } finally {
      await callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: user.userId, role: "company_officer" } }));
    }
  });

  it("refuses a role the organisation cannot hold, one's own role, and another company's user for a company admin", async () => {
    const officer = idOf("officer@hoshino.example");
    expect((await callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: officer, role: "auditor" } }))).error).toBeInstanceOf(ValidationError);
    // One's own role and one's own account are refused, and each refusal is on record as a denial.
    const own = await callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: idOf(ADMIN), role: "platform_admin" } }));
    const self = await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: idOf(HOSHINO_ADMIN), disabled: true } }));
    for (const [refused, attempted] of [[own, "user.role_change"], [self, "user.disable"]] as const) {
      expect(refused.error).toBeInstanceOf(ConflictError);
      expect(refused.events.map((e) => [e.action, e.details])).toEqual([["access.denied", { attempted, reason: "own_account" }]]);
    }
    const foreign = await callAs(t, HOSHINO_ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: idOf("officer@aoba.example"), role: "company_admin" } }));
    expect(foreign.error).toBeInstanceOf(NotFoundError);
    expect(foreign.events.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([["access.denied", "not_in_scope"]]);
    // A role the company cannot hold: the form's field error, and on record as a denial (not as bad input).
    const ungrantable = await callAs(t, HOSHINO_ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: officer, role: "agency_approver" } }));
    expect(ungrantable.error).toMatchObject({ status: 422, fieldErrors: [{ path: "role", message: "validation.roleForOrganisation" }] });
    expect(ungrantable.events.map((e) => [e.action, e.outcome, e.targetId, e.details])).toEqual([["access.denied", "denied", officer, { attempted: "user.role_change", reason: "role_not_grantable" }]]);
    const [m] = await t.database.db.select().from(memberships).where(eq(memberships.userId, officer));
    expect(m!.role).toBe("company_officer");
  });

  it("lets a company admin see and manage only their own company's users", async () => {
    const { value } = await callAs(t, HOSHINO_ADMIN, (ctx) => listUsers({ ctx, input: undefined }));
    expect(new Set(value!.map((u) => u.organisationId))).toEqual(new Set([demoOrgIds.hoshino]));
    const all = await callAs(t, ADMIN, (ctx) => listUsers({ ctx, input: undefined }));
    expect(all.value!.length).toBeGreaterThanOrEqual(demoUsers.length);
    expect(all.value!.find((u) => u.email === "reviewer@esb.example")).toMatchObject({ mfaEnrolled: true, status: "active" });
    expect((await callAs(t, "officer@hoshino.example", (ctx) => listUsers({ ctx, input: undefined }))).error).toBeInstanceOf(ForbiddenError);
  });

  it("disables a user: sessions end, unused links stop and API tokens are revoked, all at once; enabling brings none of them back", async () => {
    const email = "officer@hoshino.example";
    const session = await signInDemo(t, email);
    const kept = await issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "disable check", expiresInDays: 5 } });
    const second = await issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "disable check 2", expiresInDays: 5 } });
    expect((await callAs(t, HOSHINO_ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId: session.userId } }))).error).toBeNull();
    const [mail] = await t.database.db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, "account.password_reset"))).orderBy(desc(emailOutbox.createdAt));
    const link = accountLinkTokenIn(mail!.textBody, "/reset-password");
    const liveTokens = (await t.database.db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.userId, session.userId), isNull(apiTokens.revokedAt)))).map((r) => r.id);
    expect(liveTokens).toEqual(expect.arrayContaining([kept.id, second.id]));

    const { events } = await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: session.userId, disabled: true } }));
    try {
      expect(events.filter((e) => e.action !== "api_token.revoke").map((e) => [e.action, e.details])).toEqual([
        ["user.disable", { expiredLinks: 1, revokedTokens: liveTokens.length }],
        ["session.revoke", { sessionIds: expect.arrayContaining([session.sessionId]), reason: "disabled" }],
      ]);
      expect(events.filter((e) => e.action === "api_token.revoke").map((e) => [e.targetId, e.details]).sort()).toEqual(liveTokens.map((id) => [id, { reason: "disabled" }]).sort());
      expect(await resolve(session)).toBeNull();
      await expect(authenticateToken({ ctx: { ...(await t.ctxFor(null)), clientIp: "192.0.2.90" }, input: { token: kept.token } })).rejects.toThrow();
    } finally {
      await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: session.userId, disabled: false } }));
    }
    // Enabled again: the tokens stay revoked and the link stays stopped; a new link and a new token are made afresh.
    await expect(authenticateToken({ ctx: { ...(await t.ctxFor(null)), clientIp: "192.0.2.91" }, input: { token: kept.token } })).rejects.toThrow();
    await expect(authenticateToken({ ctx: { ...(await t.ctxFor(null)), clientIp: "192.0.2.92" }, input: { token: second.token } })).rejects.toThrow();
    expect(await inspectAccountLink({ ctx: await t.ctxFor(null), input: { token: link, purpose: "password_reset" } })).toEqual({ ok: false, reason: "expired" });
    const [row] = await t.database.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, kept.id));
    expect(row!.revokedAt).not.toBeNull();
  });
});

/**
 * The wait of a change of a user behind another's (findManagedUser with `lock`): a row of the user locked
 * FOR NO KEY UPDATE by the first, waited on as the first's transaction.
 */
const onTheManagedUser = expect.objectContaining({
  locktype: "transactionid",
  mode: "ShareLock",
  waitEventType: "Lock",
  query: expect.stringMatching(/^select .* from "users" inner join "memberships" .* for no key update of "users", "memberships"$/s),
});

describe("organisations and assignments", () => {
  it("creates an organisation, audited; a duplicate corporate number is a conflict", async () => {
    const input = { type: "company" as const, nameEn: "Kiri Metals", nameJa: "桐メタル", corporateNumber: "6010001000199" };
    const { value, events } = await callAs(t, ADMIN, (ctx) => createOrganisation({ ctx, input }));
    expect(events.map((e) => [e.action, e.targetId, e.details])).toEqual([["organisation.create", value!.id, { type: "company", nameEn: "Kiri Metals", nameJa: "桐メタル" }]]);
    expect((await callAs(t, ADMIN, (ctx) => createOrganisation({ ctx, input }))).error).toBeInstanceOf(ConflictError);
    expect((await callAs(t, HOSHINO_ADMIN, (ctx) => createOrganisation({ ctx, input: { ...input, corporateNumber: "6010001000190" } }))).error).toBeInstanceOf(ForbiddenError);
  });

  it("sets an agency user's product assignments, auditing what was added and removed", async () => {
    const reviewer = idOf("reviewer@esb.example");
    const before = (await t.database.db.select().from(productAssignments).where(eq(productAssignments.userId, reviewer))).map((r) => r.productCode).sort();
    const next = [...before.filter((c) => c !== "crm_germanium"), "crm_cobalt" as const];
    const { value, events } = await callAs(t, ADMIN, (ctx) => setProductAssignments({ ctx, input: { userId: reviewer, productCodes: next as never } }));
    expect(value).toEqual({ added: ["crm_cobalt"], removed: ["crm_germanium"] });
    expect(events.map((e) => [e.action, e.details])).toEqual([["product_assignment.change", { added: ["crm_cobalt"], removed: ["crm_germanium"] }]]);
    await callAs(t, ADMIN, (ctx) => setProductAssignments({ ctx, input: { userId: reviewer, productCodes: before as never } }));
    expect((await callAs(t, ADMIN, (ctx) => setProductAssignments({ ctx, input: { userId: idOf("officer@aoba.example"), productCodes: [] } }))).error).toBeInstanceOf(ValidationError);
  });

  it("makes concurrent changes of one user's assignments one after the other: the second reads what the first wrote, and neither fails", async () => {
    const reviewer = idOf("reviewer2@esb.example");
    const before = (await t.database.db.select().from(productAssignments).where(eq(productAssignments.userId, reviewer))).map((r) => r.productCode).sort();
    const input = { userId: reviewer, productCodes: [...before, "crm_tungsten"] as never };
    const adminCtx = await t.ctxFor(ADMIN);
    const { first, second, waits } = await whileBlocked(
      t.database,
      (tx) => setProductAssignments({ ctx: { ...adminCtx, db: tx }, input }),
      () => callAs(t, ADMIN, (ctx) => setProductAssignments({ ctx, input })),
    );
    expect(first).toEqual({ added: ["crm_tungsten"], removed: [] });
    // Without the lock, the second had read the assignments before the first committed and failed on the duplicate.
    expect(second).toMatchObject({ error: null, value: { added: [], removed: [] }, events: [] });
    // It waited on the user's row, locked by the first, before it read anything.
    expect(waits).toEqual(testDatabaseKind() === "postgres" ? [onTheManagedUser] : null);
    await callAs(t, ADMIN, (ctx) => setProductAssignments({ ctx, input: { userId: reviewer, productCodes: before as never } }));
  });

  it("records a role change or a disabling made by two admins at the same moment once: the second finds it done", async () => {
    const user = idOf("officer@minato.example");
    const adminCtx = await t.ctxFor(ADMIN);
    const roles = await whileBlocked(
      t.database,
      (tx) => changeUserRole({ ctx: { ...adminCtx, db: tx }, input: { userId: user, role: "company_admin" } }),
      () => callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: user, role: "company_admin" } })),
    );
    expect(roles.first).toMatchObject({ from: "company_officer", to: "company_admin" });
    expect(roles.second).toMatchObject({ error: null, value: { from: "company_admin", to: "company_admin" }, events: [] });
    // Found done because it waited on the user's row until the first committed, and read it after.
    expect(roles.waits).toEqual(testDatabaseKind() === "postgres" ? [onTheManagedUser] : null);
    await callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: user, role: "company_officer" } }));

    const disabled = await whileBlocked(
      t.database,
      (tx) => setUserDisabled({ ctx: { ...adminCtx, db: tx }, input: { userId: user, disabled: true } }),
      () => callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: user, disabled: true } })),
    );
    expect(disabled.second).toMatchObject({ error: null, events: [] });
    expect(disabled.waits).toEqual(testDatabaseKind() === "postgres" ? [onTheManagedUser] : null);
    await callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: user, disabled: false } }));
  });

  it("answers a platform admin's read of a disclosure with 404 and leaves the audit log unchangeable", async () => {
    const [any] = await t.database.db.execute<{ id: string }>(sql`select id from disclosures limit 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: string }[] }).rows));
    const { error, events } = await callAs(t, ADMIN, (ctx) => getDisclosure({ ctx, input: { id: any!.id } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["access.denied", "denied"]]);
    await expect(t.database.db.execute(sql`delete from ${auditEvents} where id = ${events[0]!.id}`)).rejects.toThrow();
  });
});
