import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisories } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { outboxConfig } from "@/lib/notifications/config";
import { deliverDueEmails } from "@/lib/notifications/deliver";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileBlocked } from "@/lib/testing/while-held";
import { acknowledgeAdvisory } from "./acknowledge-advisory";
import { approveAdvisory } from "./approve-advisory";
import { createAdvisory } from "./create-advisory";
import { ConflictError, ForbiddenError, ValidationError } from "./errors";
import { getAdvisory } from "./get-advisory";
import { getAdvisoryDocument } from "./get-advisory-document";
import { getAdvisoryFeed } from "./get-advisory-feed";
import { listAdvisories } from "./list-advisories";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { withdrawAdvisory } from "./withdraw-advisory";

// Advisories: how one ends — withdrawn (its companies told, its text no longer served to them) or superseded
// by a replacement (named only to a company that may read it). Delivery and reading: advisory-delivery.int.test.ts.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const { as, pending, published, emailsOf } = advisoryKit(() => t);
const mailer = { transport: "smtp" as const, send: async () => ({ messageId: "<stub>" }), close: () => {} };

describe(`advisories on ${testDatabaseKind()}: withdrawal and supersession`, () => {
  it("withdraws: reviewers may not withdraw a published advisory (403); an approver does, with a reason, and companies are told", async () => {
    const id = await published(magnets({ title: "Magnet advisory to withdraw" }));
    const refused = await as(REVIEWER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "No longer accurate." } }));
    expect(refused.error).toBeInstanceOf(ForbiddenError);
    const awaiting = async () => (await as("officer@tsubame.example", (ctx) => listAdvisories({ ctx, input: { unacknowledged: "true", limit: 100 } }))).value!.items.map((i) => i.id);
    expect(await awaiting()).toContain(id);
    const withdrawn = await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "Licences are being granted again." } }));
    expect(withdrawn.value).toMatchObject({ status: "withdrawn", withdrawal: { reason: "Licences are being granted again." } });
    // Withdrawn, it is acknowledged no more: it no longer waits among those to acknowledge.
    expect(await awaiting()).not.toContain(id);
    expect(withdrawn.events).toMatchObject([{ action: "advisory.withdraw", details: { from: "published", emails: 4 } }]);
    const company = await as("officer@tsubame.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(company.value).toMatchObject({ status: "withdrawn", withdrawal: { reason: "Licences are being granted again." } });
    const again = await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "Once more, please." } }));
    expect(again.error).toBeInstanceOf(ConflictError);
  });

  it("answers an acknowledgement made while the advisory is being withdrawn 409, after the withdrawal, never a failure", async () => {
    const id = await published(magnets({ title: "Withdrawn while acknowledged" }));
    const approver = await t.ctxFor(APPROVER);
    const { second, waits } = await whileBlocked(
      t.database,
      (tx) => withdrawAdvisory({ ctx: { ...approver, db: tx }, input: { id, reason: "Overtaken by events." } }),
      () => as("officer@kawasemi.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: {} } })),
    );
    // It waited on its delivery, locked by the withdrawal, then read the advisory withdrawn. (Before, it did
    // not wait, read the advisory published, and — had the withdrawal committed before its write — failed
    // on the database's guard with a 500.)
    expect(second.error).toBeInstanceOf(ConflictError);
    expect((second.error as ConflictError).message).toMatch(/withdrawn/i);
    if (testDatabaseKind() === "postgres") expect(waits?.map((w) => w.query)).toEqual([expect.stringMatching(/from "advisory_deliveries".*for update/s)]);
  });

  it("sends none of a withdrawn advisory's words in its withdrawal notice, and cancels its publication notices still queued", async () => {
    const title = "ZZ-green-title: sent to the wrong audience";
    const id = await published(magnets({ title, tlp: "GREEN", summary: "Kawasemi's Tb stock (ZZ-green-marker): 20 days." }));
    expect((await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "Named a company's stock." } }))).error).toBeNull();
    await deliverDueEmails(t.database.db, mailer, { ...outboxConfig({ NODE_ENV: "test" }), batchSize: 1000 });
    const mails = await emailsOf(id);
    const publication = mails.filter((m) => m.kind === "advisory.published");
    expect(publication.length).toBeGreaterThan(0);
    expect(publication.every((m) => m.state === "cancelled" && m.lastError === "advisory_withdrawn")).toBe(true);
    const withdrawal = mails.filter((m) => m.kind === "advisory.withdrawn");
    expect(withdrawal).toHaveLength(publication.length);
    for (const m of withdrawal) {
      expect(m.state).toBe("sent");
      for (const words of ["ZZ-green-marker", title]) {
        expect(m.subject).not.toContain(words);
        expect(m.textBody).not.toContain(words);
      }
      // What it does say: which advisory, its label, why, and where to look.
      expect(m.textBody).toContain("TLP:GREEN");
      expect(m.textBody).toContain("Named a company's stock.");
      expect(m.textBody).toContain(`/company/advisories/${id}`);
    }
  });

  it("an advisory never published is withdrawn by one of its writers or an approver: not by a colleague who did not write it (403), nor by anyone in conflict with a company it names (409), each refusal audited", async () => {
    const REVIEWER2 = "reviewer2@esb.example"; // declared a conflict with Hoshino (the demo)
    const draft = (await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "A colleague's draft" }) }))).value!.id;
    const awaiting = await pending(magnets({ title: "A colleague's advisory awaiting approval" }));
    for (const id of [draft, awaiting]) {
      const refused = await as(REVIEWER2, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "I would rather it were not sent." } }));
      expect(refused.error).toBeInstanceOf(ForbiddenError);
      expect((refused.error as Error).message).toBe("Only an approver or someone who wrote this advisory (its author or an editor) may withdraw it before it is published.");
      expect(refused.events).toMatchObject([{ action: "access.denied", targetId: id, details: { attempted: "advisory.withdraw", reason: "not_a_writer" } }]);
    }
    expect((await as(REVIEWER, (ctx) => withdrawAdvisory({ ctx, input: { id: draft, reason: "Drafted twice by mistake." } }))).value).toMatchObject({ status: "withdrawn" });
    expect((await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: awaiting, reason: "Overtaken by events." } }))).value).toMatchObject({ status: "withdrawn" });
    // Its own writer, in conflict with a company it names, does not end it either: an approver does.
    const naming = (await as(REVIEWER2, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Naming Hoshino", targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] } }) }))).value!.id;
    const conflicted = await as(REVIEWER2, (ctx) => withdrawAdvisory({ ctx, input: { id: naming, reason: "Better left unsaid." } }));
    expect(conflicted.error).toMatchObject({ reason: "conflict_of_interest", companies: [expect.objectContaining({ en: "Hoshino Magnetics" })] });
    expect(conflicted.events).toMatchObject([{ action: "access.denied", targetId: naming, details: { attempted: "advisory.withdraw", reason: "conflict_of_interest" } }]);
    expect((await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: naming, reason: "Not ours to send." } }))).value).toMatchObject({ status: "withdrawn" });
  });

  it("serves companies a withdrawn advisory's reference, facts and withdrawal, never its text again, in the page and the exports; it cannot be acknowledged", async () => {
    const sent = await published(magnets({ title: "Sent to the wrong audience", summary: "Hoshino's Dy stock (ZZ-wrong-audience): 40 days.", body: "Hoshino holds 40 days of Dy (ZZ-wrong-audience)." }));
    expect((await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: sent, reason: "Sent to the wrong audience." } }))).error).toBeNull();
    const page = await as("officer@kawasemi.example", (ctx) => getAdvisory({ ctx, input: { id: sent } }));
    expect(page.value).toMatchObject({ title: "Sent to the wrong audience", summary: "", body: "", changeSummary: null, contentWithdrawn: true, withdrawal: { reason: "Sent to the wrong audience." } });
    const documents = await Promise.all(
      (["csaf", "cap"] as const).map((format) => as("officer@kawasemi.example", (ctx) => getAdvisoryDocument({ ctx, input: { id: sent, format } }))),
    );
    for (const d of documents) expect(JSON.stringify(d.value)).not.toContain("ZZ-wrong-audience");
    const list = await as("officer@kawasemi.example", (ctx) => listAdvisories({ ctx, input: { limit: 100 } }));
    expect(list.value!.items.find((i) => i.id === sent)).toMatchObject({ status: "withdrawn", summary: "" });
    const feed = await as("officer@kawasemi.example", (ctx) => getAdvisoryFeed({ ctx, input: undefined }));
    expect(JSON.stringify(feed.value)).not.toContain("ZZ-wrong-audience");
    const ack = await as("officer@kawasemi.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id: sent, acknowledgement: {} } }));
    expect(ack.error).toBeInstanceOf(ConflictError);
    expect((ack.error as Error).message).toBe("This advisory was withdrawn: there is nothing to acknowledge.");
    // The agency keeps its record whole.
    const agency = await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id: sent } }));
    expect(agency.value).toMatchObject({ summary: "Hoshino's Dy stock (ZZ-wrong-audience): 40 days.", contentWithdrawn: false });
  });

  it("supersedes: publishing the replacement marks the old one superseded and tells its companies", async () => {
    const old = await published(magnets({ title: "Old guidance" }));
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "New guidance", supersedes: old }) }));
    const replacement = created.value!.id;
    await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: replacement } }));
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: replacement } }));
    expect(approved.value).toMatchObject({ status: "published", supersedes: { id: old } });
    expect(approved.events).toMatchObject([{ details: { superseded: old } }]);
    const company = await as("officer@kawasemi.example", (ctx) => getAdvisory({ ctx, input: { id: old } }));
    expect(company.value).toMatchObject({ status: "superseded", supersededBy: { id: replacement } });
    expect((await emailsOf(old)).filter((e) => e.kind === "advisory.superseded")).toHaveLength(4);
    const bad = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ supersedes: old }) }));
    expect(bad.error).toBeInstanceOf(ValidationError);
    expect((bad.error as ValidationError).fieldErrors[0]!.path).toBe("supersedes");
  });
  it("names the replacement only to a company that may read it: in the view, the CSAF document and the email", async () => {
    const old = await published(magnets({ title: "Guidance for every magnet company" }));
    const replacement = await pending(magnets({ title: "Guidance for Tsubame alone", tlp: "RED", supersedes: old, targets: { products: [], countries: [], organisations: [demoOrgIds.tsubame] } }));
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: replacement } }))).error).toBeNull();
    const reference = (await t.database.db.select({ reference: advisories.reference }).from(advisories).where(eq(advisories.id, replacement)))[0]!.reference;
    const view = async (email: string) => (await as(email, (ctx) => getAdvisory({ ctx, input: { id: old } }))).value!;
    expect(await view("officer@tsubame.example")).toMatchObject({ status: "superseded", supersededBy: { id: replacement, reference } });
    expect(await view("officer@hoshino.example")).toMatchObject({ status: "superseded", supersededBy: null });
    const csaf = await as("officer@hoshino.example", (ctx) => getAdvisoryDocument({ ctx, input: { id: old, format: "csaf" } }));
    expect(csaf.value!.supersededBy).toBeNull();
    const mails = (await emailsOf(old)).filter((e) => e.kind === "advisory.superseded");
    expect(mails.filter((m) => m.textBody.includes(reference)).map((m) => m.toAddress)).toEqual(["officer@tsubame.example"]);
    expect(mails.find((m) => m.toAddress === "officer@hoshino.example")!.textBody).toContain("has been superseded by a newer advisory.");
  });
});
