import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens, authThrottles, emailOutbox, memberships, userMfa, userSessions, users } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { parseThrottleConfig } from "@/lib/security/throttle-policy";
import { callAs, createTestDatabase, signInDemo, type TestDatabase } from "@/lib/testing/test-database";
import { authenticateToken } from "./authenticate-token";
import { ConflictError, ForbiddenError, ThrottledError, ValidationError } from "./errors";
import { invitationsPerHour } from "./internal/account-links";
import { inviteUser } from "./invite-user";
import { issuePasswordReset } from "./issue-password-reset";
import { issueCliToken } from "./issue-cli-token";
import { recordFailure, signInKeys } from "./internal/throttle";
import { resetUserMfa } from "./reset-user-mfa";
import { revokeUserSessions } from "./revoke-user-sessions";
import { setUserDisabled } from "./set-user-disabled";
import { unlockUser } from "./unlock-user";

// What administrators may not do: lift a suspension made above them, act on their own account through the
// administration, grant a role their organisation cannot hold; and what an MFA reset takes away besides the
// authenticator. Other administration: administration.int.test.ts, last-admin.int.test.ts.

const ADMIN = "admin@kakehashi.example";
const HOSHINO_ADMIN = "admin@hoshino.example";
const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;
const denialsOf = (events: { action: string; outcome: string; details: unknown }[]) => events.map((e) => [e.action, e.outcome, e.details]);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const accountOf = async (userId: string) =>
  (await t.database.db.select({ disabledAt: users.disabledAt, disabledByPlatform: users.disabledByPlatform }).from(users).where(eq(users.id, userId)))[0]!;

describe("a suspension made by a platform admin", () => {
  it("is lifted by a platform admin only: the company's admin is refused (403, audited) and the account stays disabled", async () => {
    const officer = idOf("officer@hoshino.example");
    expect((await callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: true } }))).error).toBeNull();
    expect(await accountOf(officer)).toEqual({ disabledAt: expect.any(Date), disabledByPlatform: true });

    const lifted = await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: false } }));
    expect(lifted.error).toBeInstanceOf(ForbiddenError);
    expect((lifted.error as ForbiddenError).messageKey).toBe("suspendedByPlatform");
    expect(denialsOf(lifted.events)).toEqual([["access.denied", "denied", { attempted: "user.enable", reason: "suspended_by_platform" }]]);
    expect(lifted.events[0]).toMatchObject({ targetType: "user", targetId: officer, targetOrgId: demoOrgIds.hoshino });
    expect(await accountOf(officer)).toEqual({ disabledAt: expect.any(Date), disabledByPlatform: true });

    const byPlatform = await callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: false } }));
    expect(byPlatform.events.map((e) => e.action)).toEqual(["user.enable"]);
    expect(await accountOf(officer)).toEqual({ disabledAt: null, disabledByPlatform: false });
  });

  it("is not the company admin's own disabling, which the company admin (or a platform admin) lifts", async () => {
    const officer = idOf("officer@hoshino.example");
    await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: true } }));
    expect(await accountOf(officer)).toEqual({ disabledAt: expect.any(Date), disabledByPlatform: false });
    const enabled = await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: false } }));
    expect([enabled.error, enabled.events.map((e) => e.action)]).toEqual([null, ["user.enable"]]);
    expect(await accountOf(officer)).toEqual({ disabledAt: null, disabledByPlatform: false });
  });
});

describe("a platform admin disabling an account its company already disabled", () => {
  it("makes it a suspension (audited as a disabling) that the company admin may not lift, and a platform admin's enabling clears", async () => {
    const officer = idOf("officer@hoshino.example");
    expect((await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: true } }))).error).toBeNull();
    const { disabledAt } = await accountOf(officer);

    const suspended = await callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: true } }));
    expect(suspended.error).toBeNull();
    expect(denialsOf(suspended.events)).toEqual([["user.disable", "allowed", { expiredLinks: 0, revokedTokens: 0 }]]);
    expect(suspended.events[0]).toMatchObject({ actorUserId: idOf(ADMIN), targetType: "user", targetId: officer, targetOrgId: demoOrgIds.hoshino });
    // Disabled since the company disabled it: the suspension does not move the date.
    expect(await accountOf(officer)).toEqual({ disabledAt, disabledByPlatform: true });

    const again = await callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: true } }));
    expect([again.error, again.events]).toEqual([null, []]);

    const lifted = await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: false } }));
    expect((lifted.error as ForbiddenError).messageKey).toBe("suspendedByPlatform");
    expect(denialsOf(lifted.events)).toEqual([["access.denied", "denied", { attempted: "user.enable", reason: "suspended_by_platform" }]]);
    expect(await accountOf(officer)).toEqual({ disabledAt, disabledByPlatform: true });

    const enabled = await callAs(t, ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: officer, disabled: false } }));
    expect([enabled.error, enabled.events.map((e) => e.action)]).toEqual([null, ["user.enable"]]);
    expect(await accountOf(officer)).toEqual({ disabledAt: null, disabledByPlatform: false });
  });
});

describe("a platform admin's own account", () => {
  it("is not theirs to reset the authenticator of, unlock or sign out through the administration: each refused (409) as own_account, nothing changed", async () => {
    const self = idOf(ADMIN);
    const session = await signInDemo(t, ADMIN);
    const config = parseThrottleConfig({ NODE_ENV: "test" });
    for (let n = 0; n < 3; n++) await recordFailure(t.database.db, config, signInKeys(ADMIN, undefined));
    try {
      const refusals = [
        ["mfa.remove", "cannotResetOwnMfa", await callAs(t, ADMIN, (ctx) => resetUserMfa({ ctx, input: { userId: self } }))],
        ["auth.unlock", "cannotUnlockSelf", await callAs(t, ADMIN, (ctx) => unlockUser({ ctx, input: { userId: self } }))],
        ["session.revoke", "cannotEndOwnSessions", await callAs(t, ADMIN, (ctx) => revokeUserSessions({ ctx, input: { userId: self } }))],
      ] as const;
      for (const [attempted, message, refused] of refusals) {
        expect(refused.error).toBeInstanceOf(ConflictError);
        expect((refused.error as ConflictError).messageKey).toBe(message);
        expect(denialsOf(refused.events)).toEqual([["access.denied", "denied", { attempted, reason: "own_account" }]]);
      }
      expect(await t.database.db.select({ userId: userMfa.userId }).from(userMfa).where(eq(userMfa.userId, self))).toEqual([{ userId: self }]);
      expect((await t.database.db.select({ revokedAt: userSessions.revokedAt }).from(userSessions).where(eq(userSessions.id, session.sessionId)))[0]).toEqual({ revokedAt: null });
      expect(await t.database.db.select({ failures: authThrottles.failures }).from(authThrottles)).toEqual([{ failures: 3 }]);
    } finally {
      await t.database.db.delete(authThrottles);
    }
  });
});

describe("resetting a user's second factor", () => {
  it("revokes the user's live API tokens too, each audited with the reason", async () => {
    const email = "reviewer@esb.example";
    const issued = await issueCliToken({ ctx: await t.ctxFor(null), input: { email, name: "before the MFA reset", expiresInDays: 30 } });
    const { error, events } = await callAs(t, ADMIN, (ctx) => resetUserMfa({ ctx, input: { userId: idOf(email) } }));
    expect(error).toBeNull();
    expect(events.filter((e) => e.action === "api_token.revoke").map((e) => [e.targetId, e.details])).toEqual([[issued.id, { reason: "mfa_reset" }]]);
    expect(await t.database.db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.userId, idOf(email)), isNull(apiTokens.revokedAt)))).toEqual([]);
    await expect(authenticateToken({ ctx: { ...(await t.ctxFor(null)), clientIp: "192.0.2.95" }, input: { token: issued.token } })).rejects.toThrow();
  });
});

describe("a role the organisation cannot hold", () => {
  it("is answered with the field error (422) and recorded as a denial of authority, for an invitation as for a role change", async () => {
    const email = "approver.by.company@hoshino.example";
    const { error, events } = await callAs(t, HOSHINO_ADMIN, (ctx) =>
      inviteUser({ ctx, input: { email, displayName: "Not An Approver", organisationId: demoOrgIds.hoshino, role: "agency_approver" } }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual([{ path: "role", message: "validation.roleForOrganisation" }]);
    expect(denialsOf(events)).toEqual([["access.denied", "denied", { attempted: "user.invite", reason: "role_not_grantable" }]]);
    expect(events[0]).toMatchObject({ targetType: "organisation", targetId: demoOrgIds.hoshino, targetOrgId: demoOrgIds.hoshino });
    expect(await t.database.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    expect(await t.database.db.select().from(memberships).where(eq(memberships.organisationId, demoOrgIds.hoshino))).not.toContainEqual(expect.objectContaining({ role: "agency_approver" }));
  });
});

describe("an address that already has an account", () => {
  it("is refused to a company admin (409) and recorded as a denial, without naming where the account is; a platform admin's refusal is a plain 409", async () => {
    const probe = await callAs(t, HOSHINO_ADMIN, (ctx) =>
      inviteUser({ ctx, input: { email: "reviewer@esb.example", displayName: "Probe", organisationId: demoOrgIds.hoshino, role: "company_officer" } }),
    );
    expect(probe.error).toBeInstanceOf(ConflictError);
    expect(denialsOf(probe.events)).toEqual([["access.denied", "denied", { attempted: "user.invite", reason: "email_in_use" }]]);
    expect(JSON.stringify(probe.events)).not.toMatch(/esb|Economic Security/i);
    const operator = await callAs(t, ADMIN, (ctx) =>
      inviteUser({ ctx, input: { email: "reviewer@esb.example", displayName: "Again", organisationId: demoOrgIds.hoshino, role: "company_officer" } }),
    );
    expect(operator.error).toBeInstanceOf(ConflictError);
    expect(operator.events.filter((e) => e.action === "access.denied")).toEqual([]);
  });
});

describe("invitations per administrator and hour", () => {
  const invite = (admin: string, email: string, perHour: number) =>
    callAs(t, admin, (ctx) => inviteUser({ ctx, input: { email, displayName: "Invited", organisationId: demoOrgIds.hoshino, role: "company_officer" } }, perHour));

  it("refuses the invitation past the limit (429 with the wait, audited, nothing sent), the administrator's own count only", async () => {
    for (const email of ["limit.1@hoshino.example", "limit.2@hoshino.example"]) expect((await invite(HOSHINO_ADMIN, email, 3)).error).toBeNull();
    expect((await invite(HOSHINO_ADMIN, "limit.3@hoshino.example", 3)).error).toBeNull();

    const refused = await invite(HOSHINO_ADMIN, "limit.4@hoshino.example", 3);
    expect(refused.error).toBeInstanceOf(ThrottledError);
    const error = refused.error as ThrottledError;
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect([error.messageKey, error.messageValues]).toEqual(["invitationLimit", { limit: 3, minutes: 60 }]);
    expect(error.message).toBe("You have sent 3 invitations and password-reset links in the last hour, the most allowed. You can send the next in 60 minutes.");
    expect(denialsOf(refused.events)).toEqual([["access.denied", "denied", { attempted: "user.invite", reason: "invitation_limit" }]]);
    expect(refused.events[0]).toMatchObject({ actorUserId: idOf(HOSHINO_ADMIN), targetType: "organisation", targetId: demoOrgIds.hoshino });
    expect(await t.database.db.select().from(users).where(eq(users.email, "limit.4@hoshino.example"))).toEqual([]);
    expect(await t.database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "limit.4@hoshino.example"))).toEqual([]);

    // A higher limit lets the next one through; another administrator counts their own.
    expect((await invite(HOSHINO_ADMIN, "limit.4@hoshino.example", 4)).error).toBeNull();
    expect((await invite(ADMIN, "limit.5@hoshino.example", 1)).error).toBeNull();
    expect((await invite(ADMIN, "limit.6@hoshino.example", 1)).error).toBeInstanceOf(ThrottledError);
  });

  it("takes several invitations sent at once in turns: no more than the limit get through", async () => {
    const burst = await Promise.all(["burst.1", "burst.2", "burst.3"].map((name) => invite(ADMIN, `${name}@hoshino.example`, 2)));
    // ADMIN sent one invitation above: one more of the three gets through.
    expect(burst.filter((r) => r.error === null)).toHaveLength(1);
    expect(burst.filter((r) => r.error instanceof ThrottledError)).toHaveLength(2);
  });

  it("counts invitations sent again and password resets with them, and refuses one past the limit the same way", async () => {
    // HOSHINO_ADMIN has issued four links this hour (limit.1–4 above).
    const invited = (await t.database.db.select({ id: users.id }).from(users).where(eq(users.email, "limit.1@hoshino.example")))[0]!.id;
    const resend = (perHour: number) => callAs(t, HOSHINO_ADMIN, (ctx) => issuePasswordReset({ ctx, input: { userId: invited } }, perHour));
    const refused = await resend(4);
    expect(refused.error).toBeInstanceOf(ThrottledError);
    expect(denialsOf(refused.events)).toEqual([["access.denied", "denied", { attempted: "password.reset", reason: "invitation_limit" }]]);
    expect((await resend(5)).error).toBeNull();
    // The link sent again counts against the next invitation.
    expect((await invite(HOSHINO_ADMIN, "limit.7@hoshino.example", 5)).error).toBeInstanceOf(ThrottledError);
  });

  it("is INVITATION_LIMIT_PER_HOUR, 30 unless set, a whole number from 1", () => {
    expect(invitationsPerHour({ NODE_ENV: "test" })).toBe(30);
    expect(invitationsPerHour({ NODE_ENV: "test", INVITATION_LIMIT_PER_HOUR: "5" })).toBe(5);
    expect(() => invitationsPerHour({ NODE_ENV: "test", INVITATION_LIMIT_PER_HOUR: "0" })).toThrow("INVITATION_LIMIT_PER_HOUR must be a whole number from 1 to 100000");
  });
});
