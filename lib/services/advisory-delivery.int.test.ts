import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisories, advisoryDeliveries, advisoryRevisions, memberships, organisationProducts, organisations, users } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { auditEventsOf, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileBlocked } from "@/lib/testing/while-held";
import { acknowledgeAdvisory } from "./acknowledge-advisory";
import { approveAdvisory } from "./approve-advisory";
import type { RequestContext } from "./context";
import { createAdvisory } from "./create-advisory";
import { ConflictError, NotFoundError } from "./errors";
import { getAdvisory } from "./get-advisory";
import { listAdvisories } from "./list-advisories";
import { listAccessLog } from "./list-access-log";
import { listAdvisoryDeliveries } from "./list-advisory-deliveries";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";
import { updateAdvisory } from "./update-advisory";

// Advisories: publication delivered at one moment and all or nothing, and what companies read and acknowledge.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const { as, pending, published, deliveriesOf, emailsOf } = advisoryKit(() => t);

/**
 * On PostgreSQL, the one wait of a second request on a company's delivery, locked (or changed) by the first:
 * the second's `findDelivery` with `lock`, waiting for the first's transaction. None on PGlite.
 */
const waitedOnTheDelivery = () =>
  testDatabaseKind() === "postgres"
    ? [
        expect.objectContaining({
          locktype: "transactionid",
          mode: "ShareLock",
          waitEventType: "Lock",
          query: expect.stringMatching(/^select .* from "advisory_deliveries" where .* for update$/s),
        }),
      ]
    : null;

/** The messages of an error and its causes (drivers wrap the database's error). */
const causes = (error: unknown): string => {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
  return messages.join(" / ");
};

/** Ten companies of their own that deal in fertilizers, each with one officer (who accepted their invitation: a password is set). */
async function tenFertilizerCompanies(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = randomUUID();
    const userId = randomUUID();
    ids.push(id);
    await t.database.db.insert(organisations).values({ id, type: "company", nameEn: `Fertilizer Co ${i}`, nameJa: `肥料 ${i}`, corporateNumber: `90${String(Date.now()).slice(-8)}${i}`.padEnd(13, "0").slice(0, 13) });
    await t.database.db.insert(organisationProducts).values({ organisationId: id, productCode: "fertilizers" });
    await t.database.db.insert(users).values({ id: userId, email: `officer-${userId}@fert.example`, displayName: `Officer ${i}`, passwordHash: "set" });
    await t.database.db.insert(memberships).values({ userId, organisationId: id, role: "company_officer" });
  }
  return ids;
}

describe(`advisories on ${testDatabaseKind()}: simultaneous delivery`, () => {
  let companies: string[];
  beforeAll(async () => {
    companies = await tenFertilizerCompanies();
  });
  const fertilizers = magnets({ title: "Potash shipping disruption", targets: { products: ["fertilizers"], countries: [], organisations: [] } });

  it("makes ten deliveries with one timestamp, one email per recipient user, and one audit event", async () => {
    const id = await pending(fertilizers);
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(approved.error).toBeNull();
    const rows = await deliveriesOf(id);
    expect(rows.map((d) => d.organisationId).sort()).toEqual([...companies].sort());
    expect(new Set(rows.map((d) => d.deliveredAt.toISOString())).size).toBe(1);
    const [row] = await t.database.db.select().from(advisories).where(eq(advisories.id, id));
    expect(rows[0]!.deliveredAt.getTime()).toBe(row!.lastPublishedAt!.getTime());
    expect(row).toMatchObject({ status: "published", publishedRevision: 1 });
    const emails = await emailsOf(id);
    expect(emails).toHaveLength(10);
    expect(emails.every((e) => e.kind === "advisory.published" && e.state === "pending" && e.toAddress.endsWith("@fert.example"))).toBe(true);
    // TLP:AMBER: the email says there is something to read, not what.
    expect(emails[0]!.textBody).not.toContain("Potash shipping disruption");
    expect(emails[0]!.textBody).toContain(`/company/advisories/${id}`);
    expect(approved.events).toMatchObject([{ action: "advisory.approve", details: { revision: 1, deliveries: 10, newDeliveries: 10, emails: 10 } }]);
    expect(approved.events[0]!.details).toMatchObject({ publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  for (const [where, table] of [
    ["part-way through the deliveries", "advisory_deliveries"],
    ["after the deliveries, at the emails", "email_outbox"],
  ] as const) {
    it(`leaves no delivery, no email and no change when publishing fails ${where}`, async () => {
      const id = await pending(fertilizers);
      const seventh = [...companies].sort()[6]!;
      // A real failure inside the publishing transaction: the database refuses one row.
      const when = table === "advisory_deliveries" ? `NEW.organisation_id = '${seventh}'` : `NEW.reference->>'advisoryId' = '${id}'`;
      await t.database.db.execute(sql.raw(`CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`));
      await t.database.db.execute(sql.raw(`CREATE TRIGGER fail_once BEFORE INSERT ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION fail_once()`));
      try {
        const failed = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
        expect(causes(failed.error)).toContain("injected failure");
        expect(failed.events).toEqual([]);
      } finally {
        await t.database.db.execute(sql.raw(`DROP TRIGGER fail_once ON ${table}`));
        await t.database.db.execute(sql.raw(`DROP FUNCTION fail_once()`));
      }
      expect(await deliveriesOf(id)).toEqual([]);
      expect(await emailsOf(id)).toEqual([]);
      const [row] = await t.database.db.select().from(advisories).where(eq(advisories.id, id));
      expect(row).toMatchObject({ status: "pending_approval", publishedRevision: null, lastPublishedAt: null });
      const [revision] = await t.database.db.select().from(advisoryRevisions).where(eq(advisoryRevisions.advisoryId, id));
      expect(revision).toMatchObject({ state: "pending_approval", approvedBy: null, publishedAt: null });
      // Once the fault is gone the same approval publishes all ten.
      const again = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
      expect(again.error).toBeNull();
      expect(await deliveriesOf(id)).toHaveLength(10);
    });
  }
});

describe(`advisories on ${testDatabaseKind()}: companies`, () => {
  let id: string;
  beforeAll(async () => {
    id = await published(magnets({ title: "Magnet advisory for companies" }));
  });

  it("is invisible to a company it was not delivered to (404, audited) and absent from its list", async () => {
    const read = await as("officer@minato.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(read.error).toBeInstanceOf(NotFoundError);
    expect(read.events).toMatchObject([{ action: "access.denied", details: { attempted: "advisory.read", reason: "not_delivered" } }]);
    const list = await as("officer@minato.example", (ctx) => listAdvisories({ ctx, input: {} }));
    expect(list.value!.items.map((i) => i.id)).not.toContain(id);
    const ack = await as("officer@minato.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: {} } }));
    expect(ack.error).toBeInstanceOf(NotFoundError);
  });

  it("shows a targeted company the advisory in its inbox as unread, without the targets", async () => {
    const list = await as("officer@hoshino.example", (ctx) => listAdvisories({ ctx, input: {} }));
    const item = list.value!.items.find((i) => i.id === id)!;
    expect(item).toMatchObject({ status: "published", severity: "high", tlp: "AMBER", delivery: { unread: true, firstReadAt: null }, progress: null });
    expect(list.value!.unreadCount).toBeGreaterThanOrEqual(1);
    const unreadOnly = await as("officer@hoshino.example", (ctx) => listAdvisories({ ctx, input: { unread: "true", severity: "high" } }));
    expect(unreadOnly.value!.items.map((i) => i.id)).toContain(id);
  });

  it("records the read receipt on first open only, then the acknowledgement with a note; the agency sees the progress", async () => {
    const before = await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(before.value!.progress).toEqual({ delivered: 3, read: 0, acknowledged: 0 });
    // TLP:AMBER is confidential: the agency's own opening is recorded too, but it is no read receipt.
    expect(before.events).toEqual([expect.objectContaining({ action: "advisory.read", outcome: "allowed", targetId: id, details: { revision: 1, tlp: "AMBER", receipt: false, first: false } })]);
    const first = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(first.value).toMatchObject({ targets: null, createdBy: null, delivery: { unread: false, firstReadAt: expect.any(String) } });
    expect(first.events).toEqual([expect.objectContaining({ action: "advisory.read", details: { revision: 1, tlp: "AMBER", receipt: true, first: true } })]);
    const second = await as("admin@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(second.events).toEqual([expect.objectContaining({ action: "advisory.read", details: { revision: 1, tlp: "AMBER", receipt: false, first: false } })]);
    expect(second.value!.delivery!.firstReadAt).toBe(first.value!.delivery!.firstReadAt);

    const ack = await as("admin@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { note: "Stock reviewed: 60 days." } } }));
    expect(ack.value!.delivery).toMatchObject({ acknowledgedRevision: 1, acknowledgementNote: "Stock reviewed: 60 days.", acknowledgedBy: "Takeshi Hoshino" });
    expect(ack.events).toMatchObject([{ action: "advisory.acknowledge", targetId: id, details: { revision: 1, withNote: true } }]);
    const twice = await as("officer@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: {} } }));
    expect(twice.error).toBeInstanceOf(ConflictError);

    const after = await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(after.value!.progress).toEqual({ delivered: 3, read: 1, acknowledged: 1 });
    const rows = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(rows.value!.items.find((r) => r.company.id === demoOrgIds.hoshino)).toMatchObject({ firstReadBy: "Haruka Sato", acknowledgedBy: "Takeshi Hoshino", acknowledgementNote: "Stock reviewed: 60 days." });
    expect(rows.value!.items.find((r) => r.company.id === demoOrgIds.tsubame)).toMatchObject({ firstReadAt: null, acknowledgedAt: null });
    expect(rows.events).toEqual([]);
    // The CSV export holds company users' names and notes: it is audited.
    const exported = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id, forExport: true } }));
    expect(exported.events).toMatchObject([{ action: "advisory.export", targetId: id, details: { format: "deliveries_csv", rows: 3 } }]);
    const company = await as("officer@hoshino.example", (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(company.error).toBeInstanceOf(NotFoundError);
  });

  it("names to each official only the companies within their need to know, and counts the others", async () => {
    // reviewer2 is assigned magnets but declared a conflict with Hoshino: Hoshino, its readers and its note are counted only.
    const recused = await as("reviewer2@esb.example", (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(recused.value!.items.map((r) => r.company.id).sort()).toEqual([demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    expect(recused.value!.others).toEqual({ delivered: 1, read: 1, acknowledged: 1 });
    const full = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(full.value!.items).toHaveLength(3);
    expect(full.value!.others).toEqual({ delivered: 0, read: 0, acknowledged: 0 });
    // Reached through its disclosures (gallium from China), Aoba is named to no one outside gallium, though
    // every reviewer of the agency may open the advisory; naming it in the targets names it to them all.
    const byCountry = await published(magnets({ title: "Gallium sourced from China", targets: { products: ["crm_gallium"], countries: ["CN"], organisations: [] } }));
    const outside = await as("reviewer2@esb.example", (ctx) => listAdvisoryDeliveries({ ctx, input: { id: byCountry } }));
    expect(outside.value).toEqual({ items: [], others: { delivered: 1, read: 0, acknowledged: 0 } });
    const inScope = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id: byCountry } }));
    expect(inScope.value!.items.map((r) => r.company.id)).toEqual([demoOrgIds.aoba]);
    // Listed because its disclosures source gallium from China: recorded against Aoba, in its access log.
    expect(inScope.events).toEqual([
      expect.objectContaining({ action: "advisory.reach_preview", purpose: "advisory deliveries", targetOrgId: demoOrgIds.aoba, details: { products: ["crm_gallium"] } }),
    ]);
    const aobaLog = await as("officer@aoba.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(aobaLog.value!.items[0]).toMatchObject({ action: "advisory.reach_preview", purpose: "advisory deliveries" });
    expect(recused.events).toEqual([]); // by product alone: directory facts, nothing recorded
    const named = await published(magnets({ title: "Gallium, Aoba named", targets: { products: [], countries: [], organisations: [demoOrgIds.aoba] } }));
    expect((await as("reviewer2@esb.example", (ctx) => listAdvisoryDeliveries({ ctx, input: { id: named } }))).value!.items.map((r) => r.company.id)).toEqual([demoOrgIds.aoba]);
    // A draft revision naming Aoba (anyone of the agency may start one) names it to no one: not yet published.
    const draft = { ...magnets({ title: "Gallium, naming Aoba in a draft", targets: { products: ["crm_gallium"], countries: ["CN"], organisations: [demoOrgIds.aoba] } }), changeSummary: "Names Aoba." };
    expect((await as("reviewer2@esb.example", (ctx) => reviseAdvisory({ ctx, input: { id: byCountry, revision: draft } }))).error).toBeNull();
    const afterDraft = await as("reviewer2@esb.example", (ctx) => listAdvisoryDeliveries({ ctx, input: { id: byCountry } }));
    expect(afterDraft.value).toEqual({ items: [], others: { delivered: 1, read: 0, acknowledged: 0 } });
  });

  it("records only the read receipt of shareable content (TLP:GREEN): later openings, the agency's included, are not events", async () => {
    const green = await published(magnets({ title: "Community notice", tlp: "GREEN" }));
    const first = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id: green } }));
    expect(first.events).toEqual([expect.objectContaining({ action: "advisory.read", details: { revision: 1, tlp: "GREEN", receipt: true, first: true } })]);
    const again = await as("admin@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id: green } }));
    expect(again.events).toEqual([]);
    const agency = await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id: green } }));
    expect(agency.events).toEqual([]);
  });

  it("lets every company read a TLP:CLEAR advisory, though only targeted companies get a delivery", async () => {
    const clear = await published(magnets({ title: "Public notice", tlp: "CLEAR" }));
    const read = await as("officer@minato.example", (ctx) => getAdvisory({ ctx, input: { id: clear } }));
    expect(read.value).toMatchObject({ tlp: "CLEAR", delivery: null });
    expect(read.events).toEqual([]);
    const ack = await as("officer@minato.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id: clear, acknowledgement: {} } }));
    expect(ack.error).toBeInstanceOf(ConflictError);
    expect((await deliveriesOf(clear)).map((d) => d.organisationId)).not.toContain(demoOrgIds.minato);
  });

  it("revises: companies keep the published revision until the next is approved, then read it as unread, and are told", async () => {
    const listed = async () => (await as("officer@hoshino.example", (ctx) => listAdvisories({ ctx, input: { limit: 100 } }))).value!.items.find((i) => i.id === id)!;
    const before = await listed();
    const revise = await as(REVIEWER, (ctx) =>
      reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: "Magnet advisory, revised", severity: "critical" }), changeSummary: "Severity raised: licences now refused." } } }),
    );
    expect(revise.value).toMatchObject({ status: "published", revision: 2, revisionState: "draft" });
    const meanwhile = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(meanwhile.value).toMatchObject({ revision: 1, title: "Magnet advisory for companies", revisions: [{ number: 1 }] });
    // Nor does anything tell them a revision is being drafted: no version (the agency's count of saves), no new time.
    expect(revise.value!.version).toBeGreaterThan(1);
    expect(meanwhile.value!.version).toBeNull();
    expect((await listed()).updatedAt).toBe(before.updatedAt);
    await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
    const queue = await as(APPROVER, (ctx) => listAdvisories({ ctx, input: { queue: "true" } }));
    expect(queue.value!.items.find((i) => i.id === id)).toMatchObject({ status: "published", workingState: "pending_approval" });
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(approved.events).toMatchObject([{ details: { revision: 2, deliveries: 3, newDeliveries: 0, emails: 4 } }]);
    const revisedEmails = (await emailsOf(id)).filter((e) => e.kind === "advisory.revised");
    expect(revisedEmails.map((e) => e.toAddress).sort()).toEqual(["admin@hoshino.example", "officer@hoshino.example", "officer@kawasemi.example", "officer@tsubame.example"]);
    const list = await as("officer@hoshino.example", (ctx) => listAdvisories({ ctx, input: { unread: "true" } }));
    expect(list.value!.items.find((i) => i.id === id)).toMatchObject({ revision: 2, severity: "critical", delivery: { unread: true, revision: 2, acknowledgedRevision: 1 } });
    const progress = async () => (await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id } }))).value!.progress;
    const listedProgress = (await as(REVIEWER, (ctx) => listAdvisories({ ctx, input: { limit: 100 } }))).value!.items.find((i) => i.id === id)!.progress;
    expect([await progress(), listedProgress]).toEqual([{ delivered: 3, read: 0, acknowledged: 0 }, { delivered: 3, read: 0, acknowledged: 0 }]); // of revision 2: Hoshino had revision 1 only
    const reread = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(reread.value).toMatchObject({ revision: 2, changeSummary: "Severity raised: licences now refused.", revisions: [{ number: 1 }, { number: 2 }] });
    expect(reread.events).toEqual([expect.objectContaining({ action: "advisory.read", details: { revision: 2, tlp: "AMBER", receipt: true, first: false } })]);
    expect(await progress()).toEqual({ delivered: 3, read: 1, acknowledged: 0 });
    // A published revision is the record of what was said: the database refuses to change it.
    await expect(t.database.db.update(advisoryRevisions).set({ title: "rewritten" }).where(and(eq(advisoryRevisions.advisoryId, id), eq(advisoryRevisions.number, 1)))).rejects.toThrow();
  });

  it("tells a drafter nothing of whom supplier-country targets reach: the request is taken, and only the approver meets the refusal", async () => {
    // Nobody discloses sourcing antimicrobials from Chile: a drafter probing that learns nothing from the request.
    const probe = await as("reviewer2@esb.example", (ctx) =>
      createAdvisory({ ctx, input: magnets({ title: "Antimicrobials from Chile", targets: { products: ["antimicrobials"], countries: ["CL"], organisations: [] } }) }),
    );
    const requested = await as("reviewer2@esb.example", (ctx) => requestAdvisoryApproval({ ctx, input: { id: probe.value!.id } }));
    expect(requested.error).toBeNull();
    expect(requested.value).toMatchObject({ status: "pending_approval" });
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: probe.value!.id } }));
    expect(approved.error).toBeInstanceOf(ConflictError);
    expect((approved.error as Error).message).toMatch(/reach no company now/);
    expect(await deliveriesOf(probe.value!.id)).toEqual([]);
  });

  it("refuses a revision whose targets no longer reach every company the advisory went to, since it would go to them all", async () => {
    const wide = await published(magnets({ title: "Magnets, to three companies" }));
    expect((await deliveriesOf(wide)).map((d) => d.organisationId).sort()).toEqual([demoOrgIds.hoshino, demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    // Narrowed to Hoshino, at RED, about Hoshino's supplier: Kawasemi and Tsubame would have got it too.
    const narrowed = { ...magnets({ title: "About Hoshino's supplier", tlp: "RED", targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] } }), changeSummary: "Only for Hoshino now." };
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: wide, revision: narrowed } }))).error).toBeNull();
    const requested = await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: wide } }));
    expect(requested.error).toBeInstanceOf(ConflictError);
    expect((requested.error as ConflictError).message).toBe(
      "The targets of this revision no longer reach every company the advisory was delivered to, and a revision goes to every one of them: name them in the targets, or withdraw the advisory and issue a new one.",
    );
    // Sent while the targets still reached them, then the reach shrank (Tsubame no longer deals in magnets): approval refused too.
    const widened = await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id: wide, changes: { tlp: "AMBER", targets: magnets().targets } } }));
    expect(widened.error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: wide } }))).error).toBeNull();
    await t.database.db.delete(organisationProducts).where(and(eq(organisationProducts.organisationId, demoOrgIds.tsubame), eq(organisationProducts.productCode, "permanent_magnets")));
    try {
      const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: wide } }));
      expect(approved.error).toBeInstanceOf(ConflictError);
      expect((await deliveriesOf(wide)).every((d) => d.currentRevision === 1)).toBe(true);
      expect((await emailsOf(wide)).filter((e) => e.kind === "advisory.revised")).toEqual([]);
    } finally {
      await t.database.db.insert(organisationProducts).values({ organisationId: demoOrgIds.tsubame, productCode: "permanent_magnets" });
    }
  });

  it("records one first read and one acknowledgement when a company's users do both at the same moment", async () => {
    // An advisory of its own, so that the acknowledgements above do not meet these.
    const live = await published(magnets({ title: "Read and acknowledged at once" }));
    // The first is done and held uncommitted until the second is seen waiting on it.
    const held = async <T, U>(email: string, first: (ctx: RequestContext) => Promise<T>, second: () => Promise<U>) => {
      const ctx = await t.ctxFor(email);
      return { requestId: ctx.requestId, ...(await whileBlocked(t.database, (tx) => first({ ...ctx, db: tx }), second)) };
    };
    const reads = await held(
      "officer@kawasemi.example",
      (ctx) => getAdvisory({ ctx, input: { id: live } }),
      () => as("officer@kawasemi.example", (ctx) => getAdvisory({ ctx, input: { id: live } })),
    );
    expect((await auditEventsOf(t.database, reads.requestId)).map((e) => e.details)).toEqual([expect.objectContaining({ receipt: true, first: true })]);
    expect(reads.second.events.map((e) => e.details)).toEqual([expect.objectContaining({ receipt: false, first: false })]);
    // Not the first because it read the delivery again under its lock, which waited for the first read's receipt to commit.
    expect(reads.waits).toEqual(waitedOnTheDelivery());

    const acks = await held(
      "officer@kawasemi.example",
      (ctx) => acknowledgeAdvisory({ ctx, input: { id: live, acknowledgement: { note: "First." } } }),
      () => as("officer@kawasemi.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id: live, acknowledgement: { note: "Second." } } })),
    );
    expect(acks.second.error).toBeInstanceOf(ConflictError);
    expect(acks.second.events).toEqual([]);
    const [delivery] = await t.database.db.select().from(advisoryDeliveries).where(and(eq(advisoryDeliveries.advisoryId, live), eq(advisoryDeliveries.organisationId, demoOrgIds.kawasemi)));
    expect(delivery!.acknowledgementNote).toBe("First.");
    expect(acks.waits).toEqual(waitedOnTheDelivery());
  });
});

describe(`advisories on ${testDatabaseKind()}: a revision delivered while a company has the page open`, () => {
  /** A published magnets advisory with revision 2 awaiting approval. */
  async function withRevisionPending(title: string): Promise<string> {
    const id = await published(magnets({ title }));
    const revised = await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: `${title}, revised` }), changeSummary: "Licences now refused." } } }));
    expect(revised.error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    return id;
  }
  const hoshinoDelivery = async (id: string) =>
    (await t.database.db.select().from(advisoryDeliveries).where(and(eq(advisoryDeliveries.advisoryId, id), eq(advisoryDeliveries.organisationId, demoOrgIds.hoshino))))[0]!;

  it("refuses to acknowledge the revision the page showed once a newer one is delivered, and writes nothing", async () => {
    const id = await withRevisionPending("Acknowledged across a revision");
    const opened = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(opened.value!.revision).toBe(1);
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }))).error).toBeNull();
    const before = await hoshinoDelivery(id);

    const stale = await as("officer@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { note: "About revision 1.", revision: 1 } } }));
    expect(stale.error).toBeInstanceOf(ConflictError);
    expect(stale.error).toMatchObject({ messageKey: "advisoryRevisionChanged", messageValues: { revision: 2 } });
    expect(stale.events).toEqual([]);
    expect(await hoshinoDelivery(id)).toEqual(before);
    expect(before).toMatchObject({ currentRevision: 2, readRevision: 1, acknowledgedRevision: null });

    const current = await as("officer@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { revision: 2 } } }));
    expect(current.error).toBeNull();
    expect(current.value!.delivery).toMatchObject({ acknowledgedRevision: 2 });
    const malformed = await as("officer@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { revision: 0 } } }));
    expect(malformed.error).toMatchObject({ fieldErrors: [{ path: "revision", message: "validation.positiveInteger" }] });
    // A revision never delivered is no stale read either: bad input, on the field, nothing written.
    const unknown = await as("officer@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { revision: 3 } } }));
    expect(unknown.error).toMatchObject({ fieldErrors: [{ path: "revision", message: "validation.noSuchRevision" }] });
  });

  it("marks read only the revision the reader was shown when one is approved while the page is being made", async () => {
    const id = await withRevisionPending("Read across an approval");
    const approverCtx = await t.ctxFor(APPROVER);
    // The approval is made and held uncommitted while Hoshino's officer opens the advisory, until the
    // receipt is seen waiting on the delivery the approval moved to revision 2.
    const { second: read, waits } = await whileBlocked(
      t.database,
      (tx) => approveAdvisory({ ctx: { ...approverCtx, db: tx }, input: { id } }),
      () => as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } })),
    );
    expect(read.error).toBeNull();
    const delivery = await hoshinoDelivery(id);
    expect(delivery.currentRevision).toBe(2);
    // On PostgreSQL the page shows revision 1 (read before the approval committed, the receipt then waiting on
    // the delivery's lock); PGlite runs the two one after the other, and the page shows revision 2. Either
    // way, what is marked read is what was shown.
    expect(read.value!.revision).toBe(testDatabaseKind() === "postgres" ? 1 : 2);
    expect(delivery.readRevision).toBe(read.value!.revision);
    expect(waits).toEqual(waitedOnTheDelivery());
    expect(read.events).toEqual([expect.objectContaining({ action: "advisory.read", details: expect.objectContaining({ revision: read.value!.revision, receipt: true }) })]);
  });
});
