import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, users } from "@/db/schema";
import { demoUsers } from "@/lib/demo/seed-demo";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import { APPROVER, advisoryKit, magnets } from "@/lib/testing/advisory-fixtures";
import { recordAgain, refuseToRecord } from "@/lib/testing/refuse-audit";
import { auditEventsOf, callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { UnauthenticatedError, ValidationError } from "./errors";
import { getMe } from "./get-me";
import { noticeSecurityChange } from "./internal/security-notices";
import { enterRowSecurity } from "./internal/row-security";
import { setEmailLocale } from "./set-email-locale";
import { withdrawAdvisory } from "./withdraw-advisory";

// Each user's emails in the language they chose (users.email_locale, migration 0052): the account page's
// service sets and clears the caller's own choice, audited in the same transaction, and the emails queued
// afterwards are written in that language alone; those to anyone who chose none stay in both.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await recordAgain(t.database);
});
afterAll(async () => {
  await t?.close();
});

const user = (email: string) => demoUsers.find((u) => u.email === email)!;
const localeOf = async (email: string) => (await t.database.db.select({ emailLocale: users.emailLocale }).from(users).where(eq(users.id, user(email).id)))[0]!.emailLocale;
const setAs = (email: string, input: unknown) => callAs(t, email, (ctx) => setEmailLocale({ ctx, input: input as never }));
const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

describe(`setEmailLocale on ${testDatabaseKind()}`, () => {
  it("sets the caller's own choice, shows it as theirs, and records what it was and is in one audit event", async () => {
    const officer = user("officer@aoba.example");
    const { value, error, events } = await setAs(officer.email, { emailLocale: "ja" });
    expect(error).toBeNull();
    expect(value).toEqual({ emailLocale: "ja" });
    expect(await localeOf(officer.email)).toBe("ja");
    expect(events.map((e) => ({ action: e.action, outcome: e.outcome, actor: e.actorUserId, target: [e.targetType, e.targetId, e.targetOrgId], details: e.details }))).toEqual([
      { action: "account.email_locale", outcome: "allowed", actor: officer.id, target: ["user", officer.id, officer.orgId], details: { from: null, to: "ja" } },
    ]);
    const me = await callAs(t, officer.email, (ctx) => getMe({ ctx, input: undefined }));
    expect(me.value!.user.emailLocale).toBe("ja");
  });

  it("changes it, and clears it back to both languages", async () => {
    const reviewer = user("reviewer@esb.example");
    expect((await setAs(reviewer.email, { emailLocale: "en" })).error).toBeNull();
    const cleared = await setAs(reviewer.email, { emailLocale: null });
    expect(cleared.error).toBeNull();
    expect(cleared.value).toEqual({ emailLocale: null });
    expect(await localeOf(reviewer.email)).toBeNull();
    expect(cleared.events.map((e) => [e.action, e.details])).toEqual([["account.email_locale", { from: "en", to: null }]]);
  });

  it.each([
    ["a language the portal has not", { emailLocale: "fr" }],
    ["an empty value", { emailLocale: "" }],
    ["no value", {}],
    ["another user's account named", { emailLocale: "en", userId: demoUsers.find((u) => u.email === "officer@minato.example")!.id }],
  ])("refuses %s with a validation error, writing nothing", async (_, input) => {
    const approver = user("approver@esb.example");
    const minato = user("officer@minato.example");
    const { error, events } = await setAs(approver.email, input);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((f) => f.path)).toEqual(Object.keys(input).length === 0 ? ["emailLocale"] : [Object.keys(input).at(-1)]);
    expect(events).toEqual([]);
    expect(await localeOf(approver.email)).toBeNull();
    expect(await localeOf(minato.email)).toBeNull();
  });

  it("lets an auditor, who changes no account behind the account wall, set their own", async () => {
    const auditor = user("auditor@oversight.example");
    const { error, events } = await setAs(auditor.email, { emailLocale: "en" });
    expect(error).toBeNull();
    expect(await localeOf(auditor.email)).toBe("en");
    expect(events.map((e) => [e.action, e.targetId, e.details])).toEqual([["account.email_locale", auditor.id, { from: null, to: "en" }]]);
    expect((await setAs(auditor.email, { emailLocale: null })).error).toBeNull();
  });

  it("refuses an anonymous caller, recording the refusal", async () => {
    const ctx = await t.ctxFor(null);
    const error = await setEmailLocale({ ctx, input: { emailLocale: "en" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => [e.action, e.outcome])).toEqual([["access.denied", "denied"]]);
  });

  it("changes nothing when its audit event cannot be written: the two commit together", async () => {
    const officer = user("officer@tsubame.example");
    await refuseToRecord(t.database, "account.email_locale");
    const { error } = await setAs(officer.email, { emailLocale: "en" });
    expect(error).toBeInstanceOf(Error);
    expect(await localeOf(officer.email)).toBeNull();
  });

  it("reaches no other company's account behind the account wall, even by a direct UPDATE", async () => {
    const ctx = await t.ctxFor("officer@hoshino.example");
    const other = user("officer@minato.example");
    const changed = await t.database.db.transaction(async (tx) => {
      await enterRowSecurity(tx, ctx.actor!);
      return tx.update(users).set({ emailLocale: "en" }).where(eq(users.id, other.id)).returning({ id: users.id });
    });
    expect(changed).toEqual([]);
    expect(await localeOf(other.email)).toBeNull();
  });
});

describe(`emails queued for a user with a choice, on ${testDatabaseKind()}`, () => {
  const { as, published, emailsOf } = advisoryKit(() => t);

  it("an advisory's publication and withdrawal: in the recipient's language alone, in both to those who chose none", async () => {
    expect((await setAs("officer@hoshino.example", { emailLocale: "en" })).error).toBeNull();
    expect((await setAs("officer@kawasemi.example", { emailLocale: "ja" })).error).toBeNull();
    const id = await published(magnets({ title: "Magnet supply, told in one language", tlp: "GREEN" }));
    const withdrawn = await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "Sent to the wrong sector." } }));
    expect(withdrawn.error).toBeNull();
    const mails = await emailsOf(id);
    const to = (address: string, kind: string) => mails.find((m) => m.toAddress === address && m.kind === kind)!;

    for (const [kind, event] of [["advisory.published", "published"], ["advisory.withdrawn", "withdrawn"]] as const) {
      const english = to("officer@hoshino.example", kind);
      expect(english.subject).toMatch(new RegExp(`^\\[Kakehashi\\] ${en.emails.advisory.subject[event]}: `));
      expect(`${english.subject}\n${english.textBody}`).not.toMatch(japanese);

      const japaneseOnly = to("officer@kawasemi.example", kind);
      expect(japaneseOnly.subject).toMatch(new RegExp(`^\\[Kakehashi\\] ${ja.emails.advisory.subject[event]}: `));
      expect(japaneseOnly.textBody).not.toContain(en.emails.advisory.subject[event]);
      expect(japaneseOnly.textBody).not.toContain("Kawasemi Battery");

      // Hoshino's admin chose nothing: both, as before.
      const both = to("admin@hoshino.example", kind);
      expect(both.subject).toMatch(new RegExp(`^\\[Kakehashi\\] ${ja.emails.advisory.subject[event]} / ${en.emails.advisory.subject[event]}: `));
      expect(both.textBody).toMatch(japanese);
      expect(both.textBody).toContain("Hoshino Magnetics");
    }
  });

  it("a security notice: in the account owner's language", async () => {
    const admin = user("admin@hoshino.example");
    expect((await setAs(admin.email, { emailLocale: "en" })).error).toBeNull();
    await t.database.db.transaction((tx) => noticeSecurityChange(tx, admin.id, "password_changed"));
    const [notice] = await t.database.db
      .select()
      .from(emailOutbox)
      .where(sql`${emailOutbox.toAddress} = ${admin.email} and ${emailOutbox.kind} = 'account.security_notice'`);
    expect(notice!.subject).toBe(`[Kakehashi] ${en.emails.securityNotice.subject.password_changed}`);
    expect(notice!.textBody).not.toMatch(japanese);
  });
});
