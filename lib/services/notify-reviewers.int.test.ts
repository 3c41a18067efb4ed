import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewNoticesDue, users } from "@/db/schema";
import { ownRevision } from "@/lib/schemas/disclosure";
import { disclosureEmails, hoshinoDisclosures, magnetExposure } from "@/lib/testing/disclosure-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { createDisclosure } from "./create-disclosure";
import { enterRowSecurity } from "./internal/row-security";
import { notifyReviewers } from "./notify-reviewers";
import { submitDisclosure } from "./submit-disclosure";
import { withdrawDisclosure } from "./withdraw-disclosure";

// Reviewers hear of a submission that reaches their review queue: the submission queues its version (a
// trigger, migration 0053), and a background pass mails the reviewers whose own scope reaches it.

let t: TestDatabase;
let seeded = 0;
beforeAll(async () => {
  t = await createTestDatabase();
  // The demo's seeded versions were queued too: one pass takes them off before the cases below.
  seeded = await pass();
});
afterAll(async () => {
  await t?.close();
});

const pass = () => notifyReviewers({ db: t.database.db, actor: null, requestId: `test-${Math.random()}`, userAgent: "test" });
const disclosure = hoshinoDisclosures(() => t, 2050);
const noticesOf = (id: string) => disclosureEmails(t, "disclosure.submitted", id);
const queued = async () => (await t.database.db.select().from(reviewNoticesDue)).map((r) => `${r.disclosureId}#${r.versionNumber}`);

describe(`reviewers told of submissions on ${testDatabaseKind()}`, () => {
  it("queues each submitted version in the submission's transaction, and the seed's versions", async () => {
    expect(seeded).toBeGreaterThan(0);
    const { id } = await disclosure("submitted");
    expect(await queued()).toEqual([`${id}#1`]);
    await pass();
  });

  it("mails the reviewer whose assigned products it reports; not reviewer2, recused from Hoshino; not the approver; naming no company", async () => {
    const { id, period } = await disclosure("submitted");
    expect(await pass()).toBe(1);
    const notices = await noticesOf(id);
    expect(notices.map((n) => n.toAddress)).toEqual(["reviewer@esb.example"]);
    expect(notices[0]!.subject).toBe(`[Kakehashi] 審査待ちの開示があります：${period}、第 1 版 / A disclosure awaits your review: ${period}, version 1`);
    expect(notices[0]!.textBody).toContain(`/agency/disclosures/${id}`);
    expect(notices[0]!.textBody).not.toMatch(/Hoshino|星野/);
    expect(await queued()).toEqual([]);
  });

  it("writes the notice in the reviewer's chosen language", async () => {
    await t.database.db.update(users).set({ emailLocale: "ja" }).where(eq(users.email, "reviewer@esb.example"));
    try {
      const { id, period } = await disclosure("submitted");
      await pass();
      expect((await noticesOf(id)).map((n) => n.subject)).toEqual([`[Kakehashi] 審査待ちの開示があります：${period}、第 1 版`]);
    } finally {
      await t.database.db.update(users).set({ emailLocale: null }).where(eq(users.email, "reviewer@esb.example"));
    }
  });

  it("takes each version once: a second pass mails nothing", async () => {
    const { id } = await disclosure("submitted");
    expect(await pass()).toBe(1);
    expect(await pass()).toBe(0);
    expect(await noticesOf(id)).toHaveLength(1);
  });

  it("mails another company's submission to the reviewers of its products: Minato's antimicrobials to reviewer2, not to reviewer", async () => {
    const officer = await t.ctxFor("officer@minato.example");
    const draft = await createDisclosure({ ctx: officer, input: { reportingPeriod: "2050-H2", items: [{ ...magnetExposure, productCode: "antimicrobials", stage: "final_product", supplierCountry: "IN" }] } });
    await submitDisclosure({ ctx: await t.ctxFor("officer@minato.example"), input: { id: draft.id, revision: ownRevision(draft) } });
    await pass();
    expect((await noticesOf(draft.id)).map((n) => n.toAddress)).toEqual(["reviewer2@esb.example"]);
  });

  it("takes off unmailed a version withdrawn before the pass", async () => {
    const { id } = await disclosure("submitted");
    await withdrawDisclosure({ ctx: await t.ctxFor("officer@hoshino.example"), input: { id } });
    expect(await pass()).toBe(0);
    expect(await noticesOf(id)).toEqual([]);
    expect(await queued()).toEqual([]);
  });

  it("is out of reach behind the walls: a company's session can neither read nor write the queue", async () => {
    const ctx = await t.ctxFor("officer@hoshino.example");
    for (const statement of [sql`select count(*) from review_notices_due`, sql`delete from review_notices_due`]) {
      const attempt = t.database.db.transaction(async (tx) => {
        await enterRowSecurity(tx, ctx.actor!);
        await tx.execute(statement);
      });
      await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: "42501" }) });
    }
  });
});
