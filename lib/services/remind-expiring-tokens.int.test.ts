import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { apiTokens, auditEvents, emailOutbox, users } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { insertCraftedToken } from "@/lib/testing/token-fixtures";
import { remindExpiringTokens } from "./remind-expiring-tokens";

// Passes run "at" an instant of their own (2031), when the demo's tokens have long expired; the tokens
// here are made with times around it.

const now = new Date("2031-01-01T00:00:00Z");
const day = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * day);
const admin = demoUsers.find((u) => u.email === "admin@hoshino.example")!;
const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const job = async () => ({ ...(await t.ctxFor(null)), userAgent: "token expiry reminders" });
const token = (userId: string, name: string, createdAt: Date, expiresAt: Date, extra: { revokedAt?: Date } = {}) =>
  insertCraftedToken(t.database.db, { userId, name, createdAt, expiresAt, ...extra });
const reminderMail = () => t.database.db.select().from(emailOutbox).where(eq(emailOutbox.kind, "api_token.expiry_reminder"));
const reminderEvents = (ids: string[]) =>
  t.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "api_token.expiry_reminder"), inArray(auditEvents.targetId, ids)));

describe("remindExpiringTokens", () => {
  it("tells a token's holder once, before it expires, naming the token but not its secret, and records each reminder", async () => {
    const erp = await token(admin.id, "ERP nightly export", at(-300), at(10));
    const script = await token(officer.id, "officer's script", at(-200), at(3));

    expect(await remindExpiringTokens(await job(), 14, now)).toBe(2);
    const mails = await reminderMail();
    expect(mails.map((m) => m.toAddress).sort()).toEqual([admin.email, officer.email].sort());
    const toAdmin = mails.find((m) => m.toAddress === admin.email)!;
    expect(toAdmin.subject).toContain('"ERP nightly export" expires soon');
    expect(toAdmin.textBody).toContain(`"ERP nightly export" (${erp.prefix}…) expires at 11 Jan 2031, 09:00 Japan time`);
    expect(toAdmin.textBody).toContain("/company/tokens");
    expect(toAdmin.textBody).not.toContain(erp.secretHash);
    // An officer makes no tokens in the portal: theirs came from the operator.
    expect(mails.find((m) => m.toAddress === officer.email)!.textBody).toContain("ask the portal's operator for a new one");

    const events = await reminderEvents([erp.id, script.id]);
    expect(events.map((e) => ({ target: e.targetId, org: e.targetOrgId, outcome: e.outcome, details: e.details })).sort((a, b) => a.target!.localeCompare(b.target!))).toEqual(
      [
        { target: erp.id, org: demoOrgIds.hoshino, outcome: "allowed", details: { expiresAt: at(10).toISOString() } },
        { target: script.id, org: demoOrgIds.hoshino, outcome: "allowed", details: { expiresAt: at(3).toISOString() } },
      ].sort((a, b) => a.target.localeCompare(b.target)),
    );

    // The next pass, an hour later: nothing new.
    expect(await remindExpiringTokens(await job(), 14, new Date(now.getTime() + 3_600_000))).toBe(0);
    expect(await reminderMail()).toHaveLength(2);
  });

  it("reminds each token once when two passes run at the same moment (two servers)", async () => {
    const before = (await reminderMail()).length;
    const ids = await Promise.all(["one", "two", "three"].map(async (name) => (await token(admin.id, `at once ${name}`, at(-90), at(7))).id));
    const counts = await Promise.all([remindExpiringTokens(await job(), 14, now), remindExpiringTokens(await job(), 14, now)]);
    expect(counts[0] + counts[1]).toBe(3);
    expect(await reminderMail()).toHaveLength(before + 3);
    expect(await reminderEvents(ids)).toHaveLength(3);
  });

  it("leaves alone tokens that are revoked, expired, far from expiry, made to live briefly, or held by a disabled account", async () => {
    const before = (await reminderMail()).length;
    const [gone] = await t.database.db.insert(users).values({ email: "gone.admin@hoshino.example", displayName: "Gone", disabledAt: now }).returning();
    const ids = [
      (await token(admin.id, "revoked", at(-100), at(5), { revokedAt: at(-1) })).id,
      (await token(admin.id, "expired", at(-100), at(-1))).id,
      (await token(admin.id, "far off", at(-100), at(30))).id,
      (await token(admin.id, "a week's trial", at(-2), at(5))).id,
      (await token(gone!.id, "disabled holder", at(-100), at(5))).id,
    ];
    expect(await remindExpiringTokens(await job(), 14, now)).toBe(0);
    expect(await reminderMail()).toHaveLength(before);
    expect(await reminderEvents(ids)).toEqual([]);
    const rows = await t.database.db.select({ reminded: apiTokens.expiryRemindedAt }).from(apiTokens).where(inArray(apiTokens.id, ids));
    expect(rows.map((r) => r.reminded)).toEqual([null, null, null, null, null]);
    // With the reminder turned off, not even a token due is touched.
    const due = await token(admin.id, "due, but reminders are off", at(-100), at(2));
    expect(await remindExpiringTokens(await job(), 0, now)).toBe(0);
    const [row] = await t.database.db.select({ reminded: apiTokens.expiryRemindedAt }).from(apiTokens).where(eq(apiTokens.id, due.id));
    expect(row!.reminded).toBeNull();
  });
});
