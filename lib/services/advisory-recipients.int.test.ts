import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { advisoryEmail } from "@/lib/advisories/emails";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { outboxConfig } from "@/lib/notifications/config";
import { deliverDueEmails } from "@/lib/notifications/deliver";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { advisoryKit, magnets } from "@/lib/testing/advisory-fixtures";
import { accountLinkTokenIn } from "@/lib/testing/mail-links";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { completeAccountLink } from "./complete-account-link";
import { inviteUser } from "./invite-user";

// Advisories: whom their emails go to. An invitation not yet accepted is an address no one has confirmed
// (perhaps mistyped, perhaps someone else's): no advisory is mailed to it, queued or at sending.
// Publication and delivery: advisory-delivery.int.test.ts.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const { as, published, emailsOf } = advisoryKit(() => t);

const INVITED = "invited.officer@hoshino.example";
const mailer = { transport: "smtp" as const, send: async () => ({ messageId: "<stub>" }), close: () => {} };
const stateOf = async (ids: string[]) =>
  new Map((await t.database.db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids))).map((m) => [m.id, [m.kind, m.state, m.lastError]]));

describe(`advisory emails on ${testDatabaseKind()}: only to users who accepted their invitation`, () => {
  beforeAll(async () => {
    const invited = await as("admin@hoshino.example", (ctx) =>
      inviteUser({ ctx, input: { email: INVITED, displayName: "Invited Officer", organisationId: demoOrgIds.hoshino, role: "company_officer" } }),
    );
    expect(invited.error).toBeNull();
  });

  it("queues none for an officer of a targeted company who was invited and has not accepted", async () => {
    const id = await published(magnets({ title: "Not for an unconfirmed address" }));
    const to = (await emailsOf(id)).map((e) => e.toAddress);
    expect(to).toContain("officer@hoshino.example");
    expect(to).not.toContain(INVITED);
  });

  it("cancels at sending an advisory's notice queued for that address; the invitation itself still goes; once accepted, advisories reach them", async () => {
    const id = await published(magnets({ title: "Queued for an invitation" }));
    const facts = { advisoryId: id, reference: "ESB-TEST", revision: 1, title: "Queued for an invitation", summary: "", severity: "high" as const, tlp: "AMBER" as const };
    const company = { en: "Hoshino Magnetics", ja: "星野磁性" };
    const [notice, toOfficer] = await t.database.db.transaction((tx) =>
      enqueueEmails(tx, [advisoryEmail("advisory.published", facts, { email: INVITED, company }), advisoryEmail("advisory.published", facts, { email: "officer@hoshino.example", company })]),
    );
    const [invitation] = await t.database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, INVITED));
    expect(invitation).toMatchObject({ kind: "account.invitation", state: "pending" });

    await deliverDueEmails(t.database.db, mailer, { ...outboxConfig({ NODE_ENV: "test" }), batchSize: 1000 });
    const states = await stateOf([notice!, toOfficer!, invitation!.id]);
    expect(states.get(notice!)).toEqual(["advisory.published", "cancelled", "recipient_not_accepted"]);
    expect(states.get(toOfficer!)).toEqual(["advisory.published", "sent", null]);
    expect(states.get(invitation!.id)).toEqual(["account.invitation", "sent", null]);

    const token = accountLinkTokenIn(invitation!.textBody, "/welcome");
    const password = "a quiet harbour at dawn";
    expect((await completeAccountLink({ ctx: await t.ctxFor(null), input: { token, purpose: "invitation", email: INVITED, password, confirmPassword: password } })).email).toBe(INVITED);
    const later = await published(magnets({ title: "After the invitation was accepted" }));
    expect((await emailsOf(later)).map((e) => e.toAddress)).toContain(INVITED);
  });
});
