import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, users } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { outboxConfig } from "@/lib/notifications/config";
import { deliverDueEmails } from "@/lib/notifications/deliver";
import { disclosureEmails, hoshinoDisclosures } from "@/lib/testing/disclosure-fixtures";
import { callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { ConflictError } from "./errors";
import { inviteUser } from "./invite-user";
import { reviewDisclosure } from "./review-disclosure";

// A review decision reaches the company by email: its officers and admins who accepted their invitation are
// told which agency decided what on which version, with a link — never the comment, never the content.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const as = <T>(email: string, call: (ctx: RequestContext) => Promise<T>) => callAs(t, email, call);
const disclosure = hoshinoDisclosures(() => t, 2040);
const noticesOf = (id: string) => disclosureEmails(t, "disclosure.reviewed", id);
const review = (id: string, decision: "comment" | "request_changes" | "accept", comment: string) =>
  as("reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision, comment } } }));

const INVITED = "invited.reviewnotice@hoshino.example";
const mailer = { transport: "smtp" as const, send: async () => ({ messageId: "<stub>" }), close: () => {} };

describe(`review notices on ${testDatabaseKind()}`, () => {
  beforeAll(async () => {
    const invited = await as("admin@hoshino.example", (ctx) =>
      inviteUser({ ctx, input: { email: INVITED, displayName: "Invited Officer", organisationId: demoOrgIds.hoshino, role: "company_officer" } }),
    );
    expect(invited.error).toBeNull();
  });

  it("emails the company's officer and admin each decision, with the agency, period and version, and a link; not the comment", async () => {
    const { id, period } = await disclosure("submitted");
    const comment = "Your NdPr share from Baotou looks understated — 78% per your customs filings?";
    expect((await review(id, "request_changes", comment)).error).toBeNull();
    const notices = await noticesOf(id);
    expect(notices.map((n) => n.toAddress)).toEqual(["admin@hoshino.example", "officer@hoshino.example"]);
    for (const n of notices) {
      expect(n.subject).toBe(`[Kakehashi] 開示の修正が求められました / Changes requested to your disclosure: ${period}`);
      expect(n.textBody).toContain(`Economic Security Bureau asked for changes to version 1 of Hoshino Magnetics's disclosure for ${period}.`);
      expect(n.textBody).toContain(`/company/disclosures/${id}`);
      expect(n.textBody).not.toContain("Baotou");
      expect(n.reference).toEqual({ disclosureId: id, version: 1, decision: "request_changes" });
    }
  });

  it("writes each notice in its recipient's chosen language, or in both", async () => {
    await t.database.db.update(users).set({ emailLocale: "en" }).where(eq(users.email, "officer@hoshino.example"));
    try {
      const { id, period } = await disclosure("submitted");
      expect((await review(id, "accept", "")).error).toBeNull();
      const subjects = Object.fromEntries((await noticesOf(id)).map((n) => [n.toAddress, n.subject]));
      expect(subjects).toEqual({
        "admin@hoshino.example": `[Kakehashi] 開示が受理されました / Your disclosure was accepted: ${period}`,
        "officer@hoshino.example": `[Kakehashi] Your disclosure was accepted: ${period}`,
      });
    } finally {
      await t.database.db.update(users).set({ emailLocale: null }).where(eq(users.email, "officer@hoshino.example"));
    }
  });

  it("tells of a comment and of an acceptance too, each once", async () => {
    const { id } = await disclosure("submitted");
    expect((await review(id, "comment", "Which plant?")).error).toBeNull();
    expect((await review(id, "accept", "")).error).toBeNull();
    const subjects = (await noticesOf(id)).filter((n) => n.toAddress === "officer@hoshino.example").map((n) => n.subject);
    expect(subjects).toEqual(expect.arrayContaining([expect.stringContaining("Review comment on your disclosure"), expect.stringContaining("Your disclosure was accepted")]));
    expect(subjects).toHaveLength(2);
  });

  it("mails no one of another company, and no invitation not yet accepted", async () => {
    const { id } = await disclosure("submitted");
    expect((await review(id, "accept", "")).error).toBeNull();
    const to = (await noticesOf(id)).map((n) => n.toAddress);
    expect(to.every((address) => address.endsWith("@hoshino.example"))).toBe(true);
    expect(to).not.toContain(INVITED);
  });

  it("queues nothing when the review is refused", async () => {
    const { id } = await disclosure("submitted");
    expect((await review(id, "accept", "")).error).toBeNull();
    expect(await noticesOf(id)).toHaveLength(2);
    const refused = await review(id, "request_changes", "Accepted already: refused.");
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect(await noticesOf(id)).toHaveLength(2);
  });

  it("cancels at sending a notice queued for an invitation not accepted; sends the others", async () => {
    const { id } = await disclosure("submitted");
    expect((await review(id, "comment", "A question.")).error).toBeNull();
    const [queued] = await noticesOf(id);
    const [copy] = await t.database.db
      .insert(emailOutbox)
      .values({ ...queued!, id: undefined, toAddress: INVITED, createdAt: undefined, nextAttemptAt: undefined })
      .returning({ id: emailOutbox.id });
    await deliverDueEmails(t.database.db, mailer, { ...outboxConfig({ NODE_ENV: "test" }), batchSize: 1000 });
    const states = await t.database.db
      .select({ to: emailOutbox.toAddress, state: emailOutbox.state, why: emailOutbox.lastError })
      .from(emailOutbox)
      .where(inArray(emailOutbox.id, [queued!.id, copy!.id]));
    expect(states).toEqual(
      expect.arrayContaining([
        { to: queued!.toAddress, state: "sent", why: null },
        { to: INVITED, state: "cancelled", why: "recipient_not_accepted" },
      ]),
    );
  });
});
