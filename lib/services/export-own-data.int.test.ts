import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens, mfaRecoveryCodes, userMfa, users } from "@/db/schema";
import { demoConflict, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { OWN_DATA_EVENT_LIMIT, ownDataSchema } from "@/lib/schemas/own-data";
import { insertAuditEvents } from "@/lib/testing/audit-fixtures";
import { auditEventsOf, callAs, createTestDatabase, signInDemo, type TestDatabase } from "@/lib/testing/test-database";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { authenticateUser } from "./authenticate-user";
import { createApiToken } from "./create-api-token";
import { revokeUserSessions } from "./revoke-user-sessions";
import { UnauthenticatedError } from "./errors";
import { exportOwnData } from "./export-own-data";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const user = (email: string) => demoUsers.find((u) => u.email === email)!;
const exportAs = (email: string) => callAs(t, email, (ctx) => exportOwnData({ ctx, input: undefined }));

describe("exportOwnData", () => {
  it("gives an agency reviewer their account, second factor, sessions, assignments and own actions, in the documented shape, and records the export", async () => {
    const reviewer = user("reviewer@esb.example");
    const session = await signInDemo(t, reviewer.email, { clientIp: "192.0.2.44" });
    const { value, error, events } = await exportAs(reviewer.email);
    expect(error).toBeNull();
    const data = ownDataSchema.parse(value);
    expect(data.account).toMatchObject({ id: reviewer.id, email: reviewer.email, displayName: "Mei Ito", role: "agency_reviewer", organisation: { id: demoOrgIds.esb, type: "agency" } });
    expect(data.secondFactor.enrolledAt).not.toBeNull();
    const unused = await t.database.db.select().from(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.userId, reviewer.id), isNull(mfaRecoveryCodes.usedAt)));
    expect(data.secondFactor.recoveryCodesLeft).toBe(unused.length);
    expect(data.sessions.find((s) => s.id === session.sessionId)).toMatchObject({ mfa: true, clientIp: "192.0.2.44", endedAt: null });
    expect(data.productAssignments).toEqual([...(reviewer.assigned as string[])].sort());
    expect(data.conflicts).toEqual([]);
    // The sign-in above is among the reviewer's own actions; nobody else's are.
    expect(data.activity.events.some((e) => e.action === "auth.sign_in" && e.clientIp === "192.0.2.44")).toBe(true);
    expect(data.activity.total).toBe(data.activity.events.length);
    expect(events.map((e) => [e.action, e.targetId, e.details])).toEqual([["account.data_export", reviewer.id, { events: data.activity.events.length, eventTotal: data.activity.total }]]);
  });

  it("holds no secret: no password digest, TOTP secret or token digest", async () => {
    const admin = user("admin@hoshino.example");
    const created = await callAs(t, admin.email, (ctx) => createApiToken({ ctx, input: { name: "erp sync", expiresInDays: 30 } }));
    const { value } = await exportAs(admin.email);
    const text = JSON.stringify(value);
    const [stored] = await t.database.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, admin.id));
    const [mfa] = await t.database.db.select({ secret: userMfa.secretCiphertext }).from(userMfa).where(eq(userMfa.userId, admin.id));
    // The demo's ERP export token is the admin's too.
    const tokens = await t.database.db.select({ secretHash: apiTokens.secretHash }).from(apiTokens).where(eq(apiTokens.userId, admin.id));
    expect(tokens).toHaveLength(2);
    for (const secret of [stored!.passwordHash!, mfa!.secret, ...tokens.map((token) => token.secretHash), created.value!.token]) expect(text).not.toContain(secret);
    expect(value!.apiTokens).toHaveLength(2);
    expect(value!.apiTokens).toContainEqual(expect.objectContaining({ name: "erp sync", prefix: created.value!.token.slice(0, 12), revokedAt: null, lastUsedAt: null }));
  });

  it("lists a reviewer's declared conflicts with the company's names", async () => {
    const { value } = await exportAs(demoConflict.userEmail);
    expect(value!.conflicts).toEqual([{ company: { id: demoOrgIds.hoshino, nameEn: "Hoshino Magnetics", nameJa: expect.any(String) }, reason: demoConflict.reason, validFrom: expect.any(String), validUntil: null }]);
  });

  it(`lists only the newest ${OWN_DATA_EVENT_LIMIT} of the caller's events, newest first, and counts them all`, async () => {
    const officer = user("officer@tsubame.example");
    const crafted = Array.from({ length: OWN_DATA_EVENT_LIMIT + 5 }, (_, i) => ({
      occurredAt: new Date(Date.UTC(2022, 0, 1) + i * 1000).toISOString(),
      action: "profile.read",
      actorUserId: officer.id,
      actorOrgId: officer.orgId,
      actorRole: officer.role,
    }));
    await insertAuditEvents(t.database.db, crafted);
    const { value } = await exportAs(officer.email);
    expect(value!.activity.total).toBe(OWN_DATA_EVENT_LIMIT + 5);
    expect(value!.activity.events).toHaveLength(OWN_DATA_EVENT_LIMIT);
    const times = value!.activity.events.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(times.at(-1)).toBe(crafted[5]!.occurredAt);
    // Another person's export holds none of them.
    expect((await exportAs("officer@kawasemi.example")).value!.activity.events.some((e) => e.occurredAt.startsWith("2022-01-01"))).toBe(false);
  });

  it("says what others did to the account without naming them, which emails were written to it without their bodies, and its failed sign-ins", async () => {
    const officer = user("officer@hoshino.example");
    const mail = (to: string, n: string) => ({ to, subject: `Subject ${n}`, text: `secret body ${n}`, kind: "test.message" });
    await t.database.db.transaction((tx) => enqueueEmails(tx, [mail("Officer@Hoshino.example", "mine"), mail("officer@kawasemi.example", "theirs")]));
    await signInDemo(t, officer.email);
    const revoked = await callAs(t, "admin@kakehashi.example", (ctx) => revokeUserSessions({ ctx, input: { userId: officer.id } }));
    expect(revoked.value).toBeGreaterThan(0);
    const bad = await authenticateUser({ ctx: { ...(await t.ctxFor(null)), clientIp: "203.0.113.77" }, input: { email: officer.email, password: "not the password at all" } });
    expect(bad.kind).toBe("invalid");

    const { value } = await exportAs(officer.email);
    const data = ownDataSchema.parse(value);
    const about = data.aboutYou.events.map((e) => [e.action, e.outcome, e.by]);
    expect(about).toContainEqual(["auth.sign_in_failed", "denied", "no_one_signed_in"]);
    expect(about).toContainEqual(["session.revoke", "allowed", "another_user"]);
    // The officer's own sign-in is their activity, not something done to them.
    expect(about.some(([action]) => action === "auth.sign_in")).toBe(false);
    expect(data.aboutYou.total).toBe(data.aboutYou.events.length);
    const text = JSON.stringify(value);
    expect(text).not.toContain("203.0.113.77");
    expect(text).not.toContain(user("admin@kakehashi.example").id);
    expect(data.emails.messages.filter((m) => m.kind === "test.message").map((m) => [m.subject, m.state])).toEqual([["Subject mine", "pending"]]);
    expect(text).not.toContain("secret body");
    expect(data.signInThrottle).toMatchObject({ failures: 1, blockedUntil: null });
    // Another person's export holds none of it.
    const other = ownDataSchema.parse((await exportAs("officer@kawasemi.example")).value);
    expect(other.aboutYou.events.some((e) => e.action === "session.revoke" || e.action === "auth.sign_in_failed")).toBe(false);
    expect(other.emails.messages.map((m) => m.subject)).toContain("Subject theirs");
    expect(other.emails.messages.map((m) => m.subject)).not.toContain("Subject mine");
    expect(other.signInThrottle).toBeNull();
  });

  it("asks who is calling: an anonymous caller gets nothing but its refusal on the record", async () => {
    const ctx = await t.ctxFor(null);
    await expect(exportOwnData({ ctx, input: undefined })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => [e.action, e.actorUserId, e.details])).toEqual([
      ["access.denied", null, { attempted: "account.manage_own", reason: "unauthenticated" }],
    ]);
  });
});
