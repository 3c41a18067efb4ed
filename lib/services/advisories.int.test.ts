import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisories, advisoryDeliveries, advisoryRevisions, conflictDeclarations, emailOutbox, memberships, organisationProducts, organisations, users } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import type { CreateAdvisoryInput } from "@/lib/schemas/advisory";
import { auditEventsOf, callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileHeld } from "@/lib/testing/while-held";
import { acknowledgeAdvisory } from "./acknowledge-advisory";
import { approveAdvisory } from "./approve-advisory";
import type { RequestContext } from "./context";
import { createAdvisory } from "./create-advisory";
import { ConflictError, ForbiddenError, NotFoundError, StaleRevisionError, ValidationError } from "./errors";
import { getAdvisory } from "./get-advisory";
import { listAdvisories } from "./list-advisories";
import { listAdvisoryDeliveries } from "./list-advisory-deliveries";
import { previewAdvisoryReach } from "./preview-advisory-reach";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";
import { updateAdvisory } from "./update-advisory";
import { withdrawAdvisory } from "./withdraw-advisory";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const as = <T>(email: string, call: (ctx: RequestContext) => Promise<T>) => callAs(t, email, call);
const REVIEWER = "reviewer@esb.example";
const APPROVER = "approver@esb.example";

const magnets = (overrides: Partial<CreateAdvisoryInput> = {}): CreateAdvisoryInput => ({
  title: "Export licensing of heavy rare earths",
  summary: "Licences for dysprosium and terbium exports are being delayed.",
  body: "## What happened\n\nShipments are held at customs.\n\n## What to do\n\nReview your inventory.",
  severity: "high",
  tlp: "AMBER",
  targets: { products: ["permanent_magnets"], countries: [], organisations: [] },
  ...overrides,
});

/** Drafts as the reviewer and sends for approval; returns the id. */
async function pending(input: CreateAdvisoryInput, author = REVIEWER): Promise<string> {
  const created = await as(author, (ctx) => createAdvisory({ ctx, input }));
  expect(created.error).toBeNull();
  const requested = await as(author, (ctx) => requestAdvisoryApproval({ ctx, input: { id: created.value!.id } }));
  expect(requested.error).toBeNull();
  return created.value!.id;
}

async function published(input: CreateAdvisoryInput): Promise<string> {
  const id = await pending(input);
  const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
  expect(approved.error).toBeNull();
  return id;
}

/** The messages of an error and its causes (drivers wrap the database's error). */
const causes = (error: unknown): string => {
  const messages: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
  return messages.join(" / ");
};

const deliveriesOf = (id: string) => t.database.db.select().from(advisoryDeliveries).where(eq(advisoryDeliveries.advisoryId, id));
const emailsOf = (id: string) =>
  t.database.db
    .select()
    .from(emailOutbox)
    .where(sql`${emailOutbox.reference}->>'advisoryId' = ${id}`);

describe(`advisories on ${testDatabaseKind()}: targeting`, () => {
  it("reaches companies by the products they deal in, by disclosed supplier countries (for given products), and by name", async () => {
    // As the approver, whose assignment is every product: every company reached is named.
    const reach = (targets: CreateAdvisoryInput["targets"]) => as(APPROVER, (ctx) => previewAdvisoryReach({ ctx, input: { targets } }));
    const byProduct = await reach({ products: ["permanent_magnets"], countries: [], organisations: [] });
    expect(byProduct.value!.companies.map((c) => c.id).sort()).toEqual([demoOrgIds.hoshino, demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    expect(byProduct.value!.count).toBe(3);
    // Gallium from China: only Aoba discloses it (Hoshino sources other things from CN).
    const galliumFromChina = await reach({ products: ["crm_gallium"], countries: ["CN"], organisations: [] });
    expect(galliumFromChina.value!.companies.map((c) => c.name.en)).toEqual(["Aoba Semiconductor Materials"]);
    const fromIndia = await reach({ products: [], countries: ["IN"], organisations: [demoOrgIds.aoba] });
    expect(fromIndia.value!.companies.map((c) => c.id).sort()).toEqual([demoOrgIds.aoba, demoOrgIds.minato].sort());
    // Sectors as the companies' profiles state them: Aoba and Minato are both chemical industry (JSIC 16).
    const chemicals = await reach({ sectors: ["jsic_e16"] });
    expect(chemicals.value!.companies.map((c) => c.id).sort()).toEqual([demoOrgIds.aoba, demoOrgIds.minato].sort());
    const machineryOrNamed = await reach({ sectors: ["jsic_e26", "jsic_a"], organisations: [demoOrgIds.hoshino] });
    expect(machineryOrNamed.value!.companies.map((c) => c.id).sort()).toEqual([demoOrgIds.hoshino, demoOrgIds.tsubame].sort());
    const unknown = await reach({ products: [], countries: [], organisations: [demoOrgIds.esb] });
    expect(unknown.error).toBeInstanceOf(ValidationError);
    expect((unknown.error as ValidationError).fieldErrors).toEqual([{ path: "targets.organisations.0", message: "No such company." }]);
  });

  it("names to the drafter only the companies reached that it may know of, and counts the rest", async () => {
    const reach = (email: string, targets: CreateAdvisoryInput["targets"]) => as(email, (ctx) => previewAdvisoryReach({ ctx, input: { targets } }));
    // Minato (antimicrobials, beta-lactam from IN) lies outside the reviewer's assignment: counted, not named.
    const fromIndia = await reach(REVIEWER, { countries: ["IN"] });
    expect(fromIndia.value).toEqual({ count: 1, companies: [], unnamed: 1 });
    // A company the drafter names is named back, in scope or not.
    const named = await reach(REVIEWER, { countries: ["IN"], organisations: [demoOrgIds.minato] });
    expect(named.value).toMatchObject({ count: 1, companies: [{ id: demoOrgIds.minato }], unnamed: 0 });
    // reviewer2 declared a conflict with Hoshino: Hoshino is counted among the magnet companies, never named.
    const magnetsReach = await reach("reviewer2@esb.example", { products: ["permanent_magnets"] });
    expect(magnetsReach.value!.count).toBe(3);
    expect(magnetsReach.value!.companies.map((c) => c.id).sort()).toEqual([demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    expect(magnetsReach.value!.unnamed).toBe(1);
  });

  it("delivers a sector-targeted advisory to the companies of the sector, and shows agency staff its sectors", async () => {
    const id = await published(magnets({ title: "Chemical industry notice", targets: { sectors: ["jsic_e16"] } }));
    expect((await deliveriesOf(id)).map((d) => d.organisationId).sort()).toEqual([demoOrgIds.aoba, demoOrgIds.minato].sort());
    const agency = await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(agency.value!.targets).toMatchObject({ products: [], countries: [], sectors: ["jsic_e16"], organisations: [] });
  });

  it("reads targets saved before sectors existed as targeting no sector", async () => {
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Saved before sectors" }) }));
    const id = created.value!.id;
    await t.database.db.execute(sql`update advisory_revisions set targets = targets - 'sectors' where advisory_id = ${id}`);
    const read = await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(read.value!.targets).toMatchObject({ products: ["permanent_magnets"], sectors: [] });
    const requested = await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
    expect(requested.error).toBeNull();
  });

  it("shows the reach to agency staff only", async () => {
    const company = await as("officer@hoshino.example", (ctx) => previewAdvisoryReach({ ctx, input: { targets: { products: ["permanent_magnets"], countries: [], organisations: [] } } }));
    expect(company.error).toBeInstanceOf(ForbiddenError);
    expect(company.events).toMatchObject([{ action: "access.denied", outcome: "denied", details: { attempted: "advisory.draft" } }]);
  });
});

describe(`advisories on ${testDatabaseKind()}: four-eyes approval`, () => {
  it("refuses approval by a reviewer without approval rights (403, audited), and leaves it pending", async () => {
    const id = await pending(magnets());
    const refused = await as("reviewer2@esb.example", (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(refused.error).toBeInstanceOf(ForbiddenError);
    expect(refused.events).toMatchObject([{ action: "access.denied", targetId: id, details: { attempted: "advisory.approve", reason: "role_lacks_permission" } }]);
    expect((await deliveriesOf(id)).length).toBe(0);
  });

  it("refuses self-approval (409 saying why, audited), and nothing is published", async () => {
    const id = await pending(magnets({ title: "Drafted by the approver" }), APPROVER);
    const refused = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect((refused.error as Error).message).toMatch(/drafted or edited this advisory.*different approver/);
    expect(refused.events).toMatchObject([{ action: "access.denied", details: { attempted: "advisory.approve", reason: "self_approval" } }]);
    const [row] = await t.database.db.select().from(advisories).where(eq(advisories.id, id));
    expect(row).toMatchObject({ status: "pending_approval", publishedRevision: null });
    expect(await deliveriesOf(id)).toEqual([]);
    expect(await emailsOf(id)).toEqual([]);
  });

  it("refuses approval by an approver who edited a colleague's draft (409, audited); an approver who only read it may approve", async () => {
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Drafted by the reviewer" }) }));
    const id = created.value!.id;
    const edited = await as(APPROVER, (ctx) => updateAdvisory({ ctx, input: { id, changes: { body: "Rewritten by the approver." } } }));
    expect(edited.error).toBeNull();
    expect(await as(APPROVER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).toMatchObject({ error: null });
    const refused = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(refused.error).toBeInstanceOf(ConflictError);
    expect((refused.error as Error).message).toMatch(/drafted or edited this advisory/);
    expect(refused.events).toMatchObject([{ action: "access.denied", targetId: id, details: { attempted: "advisory.approve", reason: "self_approval" } }]);
    expect(await deliveriesOf(id)).toEqual([]);
    const [revision] = await t.database.db.select({ editors: advisoryRevisions.editors }).from(advisoryRevisions).where(eq(advisoryRevisions.advisoryId, id));
    expect(revision!.editors.sort()).toEqual([REVIEWER, APPROVER].map((email) => demoUsers.find((u) => u.email === email)!.id).sort());

    // The reviewer's own edits add no one; an approver who edited nothing approves the same kind of draft.
    const other = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Only the reviewer wrote this" }) }));
    await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id: other.value!.id, changes: { severity: "critical" } } }));
    await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: other.value!.id } }));
    expect(await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: other.value!.id } }))).toMatchObject({ error: null });
  });

  it("refuses an approver with a conflict declaration against a named company (409 naming it, audited)", async () => {
    const approver = demoUsers.find((u) => u.email === APPROVER)!;
    const [conflict] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approver.id, companyId: demoOrgIds.aoba, reason: "Spouse works there.", validFrom: "2026-01-01", declaredBy: approver.id })
      .returning();
    try {
      const id = await pending(magnets({ targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.aoba] } }));
      const refused = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
      expect(refused.error).toBeInstanceOf(ConflictError);
      expect((refused.error as Error).message).toContain("conflict of interest with Aoba Semiconductor Materials");
      expect(refused.events).toMatchObject([{ action: "access.denied", details: { reason: "conflict_of_interest" } }]);
      expect(await deliveriesOf(id)).toEqual([]);
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, conflict!.id));
    }
  });

  it("keeps another agency's advisory out of reach (404), and every other role too", async () => {
    const id = await pending(magnets());
    const otherAgency = randomUUID();
    const otherUser = randomUUID();
    await t.database.db.insert(organisations).values({ id: otherAgency, type: "agency", nameEn: "Other Ministry", nameJa: "他省" });
    await t.database.db.insert(users).values({ id: otherUser, email: `approver-${otherUser}@other.example`, displayName: "Other Approver" });
    await t.database.db.insert(memberships).values({ userId: otherUser, organisationId: otherAgency, role: "agency_approver" });
    const approve = await as(`approver-${otherUser}@other.example`, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(approve.error).toBeInstanceOf(NotFoundError);
    const list = await as(`approver-${otherUser}@other.example`, (ctx) => listAdvisories({ ctx, input: {} }));
    expect(list.value!.items.map((i) => i.id)).not.toContain(id);
    for (const email of ["auditor@oversight.example", "admin@kakehashi.example"]) {
      const read = await as(email, (ctx) => getAdvisory({ ctx, input: { id } }));
      expect(read.error).toBeInstanceOf(NotFoundError);
    }
  });

  it("edits only while a draft; a save from an older version is refused with the newer data", async () => {
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets() }));
    const id = created.value!.id;
    const saved = await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id, version: 1, changes: { severity: "critical" } } }));
    expect(saved.value).toMatchObject({ version: 2, severity: "critical" });
    expect(saved.events).toMatchObject([{ action: "advisory.update", details: { revision: 1, changed: ["severity"] } }]);
    const stale = await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id, version: 1, changes: { severity: "low" } } }));
    expect(stale.error).toBeInstanceOf(StaleRevisionError);
    await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
    const late = await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id, changes: { title: "Too late" } } }));
    expect(late.error).toBeInstanceOf(ConflictError);
    expect((late.error as Error).message).toMatch(/pending approval cannot be edited/);
  });
});

/** Ten companies of their own that deal in fertilizers, each with one officer. */
async function tenFertilizerCompanies(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = randomUUID();
    const userId = randomUUID();
    ids.push(id);
    await t.database.db.insert(organisations).values({ id, type: "company", nameEn: `Fertilizer Co ${i}`, nameJa: `肥料 ${i}`, corporateNumber: `90${String(Date.now()).slice(-8)}${i}`.padEnd(13, "0").slice(0, 13) });
    await t.database.db.insert(organisationProducts).values({ organisationId: id, productCode: "fertilizers" });
    await t.database.db.insert(users).values({ id: userId, email: `officer-${userId}@fert.example`, displayName: `Officer ${i}` });
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
    expect(rows.value!.find((r) => r.company.id === demoOrgIds.hoshino)).toMatchObject({ firstReadBy: "Haruka Sato", acknowledgedBy: "Takeshi Hoshino", acknowledgementNote: "Stock reviewed: 60 days." });
    expect(rows.value!.find((r) => r.company.id === demoOrgIds.tsubame)).toMatchObject({ firstReadAt: null, acknowledgedAt: null });
    expect(rows.events).toEqual([]);
    // The CSV export holds company users' names and notes: it is audited.
    const exported = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id, forExport: true } }));
    expect(exported.events).toMatchObject([{ action: "advisory.export", targetId: id, details: { format: "deliveries_csv", rows: 3 } }]);
    const company = await as("officer@hoshino.example", (ctx) => listAdvisoryDeliveries({ ctx, input: { id } }));
    expect(company.error).toBeInstanceOf(NotFoundError);
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
    const revise = await as(REVIEWER, (ctx) =>
      reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: "Magnet advisory, revised", severity: "critical" }), changeSummary: "Severity raised: licences now refused." } } }),
    );
    expect(revise.value).toMatchObject({ status: "published", revision: 2, revisionState: "draft" });
    const meanwhile = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(meanwhile.value).toMatchObject({ revision: 1, title: "Magnet advisory for companies", revisions: [{ number: 1 }] });
    await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
    const queue = await as(APPROVER, (ctx) => listAdvisories({ ctx, input: { queue: "true" } }));
    expect(queue.value!.items.find((i) => i.id === id)).toMatchObject({ status: "published", workingState: "pending_approval" });
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(approved.events).toMatchObject([{ details: { revision: 2, deliveries: 3, newDeliveries: 0, emails: 4 } }]);
    const revisedEmails = (await emailsOf(id)).filter((e) => e.kind === "advisory.revised");
    expect(revisedEmails.map((e) => e.toAddress).sort()).toEqual(["admin@hoshino.example", "officer@hoshino.example", "officer@kawasemi.example", "officer@tsubame.example"]);
    const list = await as("officer@hoshino.example", (ctx) => listAdvisories({ ctx, input: { unread: "true" } }));
    expect(list.value!.items.find((i) => i.id === id)).toMatchObject({ revision: 2, severity: "critical", delivery: { unread: true, revision: 2, acknowledgedRevision: 1 } });
    const reread = await as("officer@hoshino.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(reread.value).toMatchObject({ revision: 2, changeSummary: "Severity raised: licences now refused.", revisions: [{ number: 1 }, { number: 2 }] });
    expect(reread.events).toEqual([expect.objectContaining({ action: "advisory.read", details: { revision: 2, tlp: "AMBER", receipt: true, first: false } })]);
    // A published revision is the record of what was said: the database refuses to change it.
    await expect(t.database.db.update(advisoryRevisions).set({ title: "rewritten" }).where(and(eq(advisoryRevisions.advisoryId, id), eq(advisoryRevisions.number, 1)))).rejects.toThrow();
  });

  it("withdraws: reviewers may not withdraw a published advisory (403); an approver does, with a reason, and companies are told", async () => {
    const refused = await as(REVIEWER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "No longer accurate." } }));
    expect(refused.error).toBeInstanceOf(ForbiddenError);
    const withdrawn = await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "Licences are being granted again." } }));
    expect(withdrawn.value).toMatchObject({ status: "withdrawn", withdrawal: { reason: "Licences are being granted again." } });
    expect(withdrawn.events).toMatchObject([{ action: "advisory.withdraw", details: { from: "published", emails: 4 } }]);
    const company = await as("officer@tsubame.example", (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(company.value).toMatchObject({ status: "withdrawn", withdrawal: { reason: "Licences are being granted again." } });
    const again = await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id, reason: "Once more, please." } }));
    expect(again.error).toBeInstanceOf(ConflictError);
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
  it("records one first read and one acknowledgement when a company's users do both at the same moment", async () => {
    // The first is done and held uncommitted while the second starts.
    const held = async <T, U>(email: string, first: (ctx: RequestContext) => Promise<T>, second: () => Promise<U>) => {
      const ctx = await t.ctxFor(email);
      return { requestId: ctx.requestId, ...(await whileHeld(t.database, (tx) => first({ ...ctx, db: tx }), second)) };
    };
    const reads = await held(
      "officer@kawasemi.example",
      (ctx) => getAdvisory({ ctx, input: { id } }),
      () => as("officer@kawasemi.example", (ctx) => getAdvisory({ ctx, input: { id } })),
    );
    expect((await auditEventsOf(t.database, reads.requestId)).map((e) => e.details)).toEqual([expect.objectContaining({ receipt: true, first: true })]);
    expect(reads.second.events.map((e) => e.details)).toEqual([expect.objectContaining({ receipt: false, first: false })]);

    const acks = await held(
      "officer@kawasemi.example",
      (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { note: "First." } } }),
      () => as("officer@kawasemi.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { note: "Second." } } })),
    );
    expect(acks.second.error).toBeInstanceOf(ConflictError);
    expect(acks.second.events).toEqual([]);
    const [delivery] = await t.database.db.select().from(advisoryDeliveries).where(and(eq(advisoryDeliveries.advisoryId, id), eq(advisoryDeliveries.organisationId, demoOrgIds.kawasemi)));
    expect(delivery!.acknowledgementNote).toBe("First.");
  });
});
