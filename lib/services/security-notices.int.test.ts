import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { DEMO_PASSWORD, demoUsers } from "@/lib/demo/seed-demo";
import { callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { changeOwnPassword } from "./change-own-password";
import { completeAccountLink } from "./complete-account-link";
import { confirmMfaEnrolment } from "./confirm-mfa-enrolment";
import { issuePasswordReset } from "./issue-password-reset";
import { regenerateRecoveryCodes } from "./regenerate-recovery-codes";
import { removeOwnAuthenticator } from "./remove-own-authenticator";
import { resetUserMfa } from "./reset-user-mfa";
import { startMfaEnrolment } from "./start-mfa-enrolment";
import { accountLinkTokenIn } from "@/lib/testing/mail-links";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;
const noticesTo = async (email: string) =>
  (await t.database.db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, "account.security_notice")))).map((m) => ({
    change: (m.reference as { change: string }).change,
    subject: m.subject,
    text: m.textBody,
  }));
const ok = async <T>(email: string, call: Parameters<typeof callAs<T>>[2]) => {
  const result = await callAs(t, email, call);
  expect(result.error).toBeNull();
  return result.value as T;
};

describe(`security notices on ${testDatabaseKind()}`, () => {
  it("tells the user of a password change, in both languages, with no secret and only the forgot-password page; a refused change tells nothing", async () => {
    const email = "officer@aoba.example";
    const change = (currentPassword: string) =>
      callAs(t, email, (ctx) => changeOwnPassword({ ctx, input: { currentPassword, email, password: "a fresh and long password", confirmPassword: "a fresh and long password" } }));
    expect((await change("not the password")).error).not.toBeNull();
    expect(await noticesTo(email)).toEqual([]);
    expect((await change(DEMO_PASSWORD)).error).toBeNull();
    const [notice] = await noticesTo(email);
    expect(notice).toMatchObject({ change: "password_changed", subject: "[Kakehashi] パスワードが変更されました / Your password was changed" });
    expect(notice!.text).toContain("The password of your account was changed.");
    expect(notice!.text).toContain("アカウントのパスワードが変更されました。");
    expect(notice!.text).toMatch(/https?:\/\/\S+\/forgot-password\n/);
    expect(notice!.text).not.toMatch(/token=|a fresh and long password/);
  });

  it("tells the user of a password set through a reset link", async () => {
    const email = "officer@tsubame.example";
    await ok("admin@kakehashi.example", (ctx) => issuePasswordReset({ ctx, input: { userId: idOf(email) } }));
    const [mail] = await t.database.db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.kind, "account.password_reset")));
    const token = accountLinkTokenIn(mail!.textBody, "/reset-password");
    expect(await noticesTo(email)).toEqual([]);
    await completeAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "password_reset", email, password: "reset to something long", confirmPassword: "reset to something long" } });
    expect((await noticesTo(email)).map((n) => n.change)).toEqual(["password_reset"]);
  });

  it("tells the user of an authenticator enrolled, recovery codes replaced and the authenticator removed", async () => {
    const email = "officer@minato.example";
    const started = await ok(email, (ctx) => startMfaEnrolment({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
    expect(await noticesTo(email)).toEqual([]); // started is not enrolled
    await ok(email, async (ctx) => confirmMfaEnrolment({ ctx, input: { code: await generate({ secret: started.secret }) } }));
    await ok(email, (ctx) => regenerateRecoveryCodes({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
    await ok(email, (ctx) => removeOwnAuthenticator({ ctx, input: { currentPassword: DEMO_PASSWORD } }));
    expect((await noticesTo(email)).map((n) => n.change).sort()).toEqual(["authenticator_enrolled", "authenticator_removed", "recovery_codes_replaced"]);
  });

  it("tells the user when a platform admin resets their authenticator, and says what happens next", async () => {
    const email = "reviewer2@esb.example";
    await ok("admin@kakehashi.example", (ctx) => resetUserMfa({ ctx, input: { userId: idOf(email) } }));
    const notices = await noticesTo(email);
    expect(notices.map((n) => n.change)).toEqual(["authenticator_reset_by_admin"]);
    expect(notices[0]!.text).toContain("your next sign-in enrols a new one");
  });
});
