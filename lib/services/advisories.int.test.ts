import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisories, advisoryRevisions, conflictDeclarations, memberships, organisations, users } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import type { CreateAdvisoryInput } from "@/lib/schemas/advisory";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileBlocked } from "@/lib/testing/while-held";
import { approveAdvisory } from "./approve-advisory";
import { listApprovalConflicts } from "./list-approval-conflicts";
import { createAdvisory } from "./create-advisory";
import { ConflictError, ForbiddenError, NotFoundError, StaleRevisionError, ValidationError } from "./errors";
import { getAdvisory } from "./get-advisory";
import { listAccessLog } from "./list-access-log";
import { listAdvisories } from "./list-advisories";
import { previewAdvisoryReach } from "./preview-advisory-reach";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";
import { updateAdvisory } from "./update-advisory";

// Advisories: targeting and reach, four-eyes approval (delivery and the companies' side: advisory-delivery.int.test.ts).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const { as, pending, published, deliveriesOf, emailsOf } = advisoryKit(() => t);

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
    expect((unknown.error as ValidationError).fieldErrors).toEqual([{ path: "targets.organisations.0", message: "serviceErrors.noCompany" }]);
  });

  it("names to the drafter only the companies reached that it may know of, and counts the rest", async () => {
    const reach = (email: string, targets: CreateAdvisoryInput["targets"]) => as(email, (ctx) => previewAdvisoryReach({ ctx, input: { targets } }));
    // Minato (antimicrobials, beta-lactam from IN) lies outside the reviewer's assignment: by country, neither
    // named nor counted — a count told, one country at a time, where a hidden company sources from.
    const fromIndia = await reach(REVIEWER, { countries: ["IN"] });
    expect(fromIndia.value).toEqual({ count: 0, companies: [], unnamed: null });
    // reviewer2 (recused from Hoshino) learns the same whether or not Hoshino's magnets come from a country.
    const hoshinoSources = await reach("reviewer2@esb.example", { products: ["permanent_magnets"], countries: ["VN"] });
    const nobodySources = await reach("reviewer2@esb.example", { products: ["permanent_magnets"], countries: ["MM"] });
    expect(hoshinoSources.value).toEqual({ count: 0, companies: [], unnamed: null });
    expect(nobodySources.value).toEqual(hoshinoSources.value);
    // A company the drafter names is named back, in scope or not, and adds one to the count whether or not
    // the targets reach it too: merged, the count told whether Minato sources from India.
    for (const countries of [["IN"], ["US"]]) {
      const without = (await reach(REVIEWER, { countries })).value!;
      const named = await reach(REVIEWER, { countries, organisations: [demoOrgIds.minato] });
      expect(named.value).toEqual({ count: without.count + 1, companies: [expect.objectContaining({ id: demoOrgIds.minato }), ...without.companies], unnamed: without.unnamed });
    }
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

  it("records in a company's access log a preview that named it for the supplier countries its disclosures give", async () => {
    const reach = (targets: CreateAdvisoryInput["targets"]) => as(APPROVER, (ctx) => previewAdvisoryReach({ ctx, input: { targets } }));
    // Gallium from China names Aoba because of its disclosure: one event, against Aoba, with the targets.
    const byCountry = await reach({ products: ["crm_gallium"], countries: ["CN"], organisations: [] });
    expect(byCountry.events).toMatchObject([
      { action: "advisory.reach_preview", outcome: "allowed", targetOrgId: demoOrgIds.aoba, purpose: "advisory reach preview", details: { products: ["crm_gallium"] } },
    ]);
    // Auditors see that the preview named Aoba, not the country it was named for.
    expect(JSON.stringify(byCountry.events[0]!.details)).not.toContain("CN");
    const log = await as("officer@aoba.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(log.value!.items[0]).toMatchObject({ action: "advisory.reach_preview", purpose: "advisory reach preview" });
    // By product or sector the names come from the company directory, and a company named by the drafter
    // was not found out from anything: nothing is recorded against them.
    expect((await reach({ products: ["permanent_magnets"], countries: [], organisations: [] })).events).toEqual([]);
    expect((await reach({ sectors: ["jsic_e16"] })).events).toEqual([]);
    expect((await reach({ products: [], countries: ["IN"], organisations: [demoOrgIds.minato] })).events).toEqual([]);
    // A company counted but not named is not told of in the preview, so it has nothing to record either.
    expect((await as(REVIEWER, (ctx) => previewAdvisoryReach({ ctx, input: { targets: { countries: ["IN"] } } }))).events).toEqual([]);
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

  it("lets only a writer of the draft send it for approval: a colleague, approver or not, gets 403 (audited) and the draft stays a draft", async () => {
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Figures to be confirmed" }) }));
    const id = created.value!.id;
    for (const colleague of [APPROVER, "reviewer2@esb.example"]) {
      const refused = await as(colleague, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
      expect(refused.error).toBeInstanceOf(ForbiddenError);
      expect((refused.error as Error).message).toMatch(/Only someone who wrote this draft/);
      expect(refused.events).toMatchObject([{ action: "access.denied", targetId: id, details: { attempted: "advisory.request_approval", reason: "not_a_writer" } }]);
    }
    const [row] = await t.database.db.select().from(advisories).where(eq(advisories.id, id));
    expect(row).toMatchObject({ status: "draft" });
    // Nor can the approver then approve what was never sent; the author's request opens it to them.
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }))).error).toBeInstanceOf(ConflictError);
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }))).error).toBeNull();
  });

  it("refuses an approver with a conflict declaration against a named company (409 naming it, audited)", async () => {
    const approver = demoUsers.find((u) => u.email === APPROVER)!;
    const [conflict] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approver.id, companyId: demoOrgIds.aoba, reason: "Spouse works there.", validFrom: "2026-01-01", declaredBy: approver.id })
      .returning();
    try {
      const id = await pending(magnets({ targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.aoba] } }));
      // Its page is told first, and offers no approval (listApprovalConflicts); another approver would be told of none.
      expect((await as(APPROVER, (ctx) => listApprovalConflicts({ ctx, input: { id } }))).value).toEqual([{ en: "Aoba Semiconductor Materials", ja: expect.any(String) }]);
      const other = await pending(magnets({ targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.hoshino] } }));
      expect((await as(APPROVER, (ctx) => listApprovalConflicts({ ctx, input: { id: other } }))).value).toEqual([]);
      const refused = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
      expect(refused.error).toBeInstanceOf(ConflictError);
      expect((refused.error as Error).message).toContain("conflict of interest with Aoba Semiconductor Materials");
      expect(refused.events).toMatchObject([{ action: "access.denied", details: { reason: "conflict_of_interest" } }]);
      expect(await deliveriesOf(id)).toEqual([]);
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, conflict!.id));
    }
  });

  it("refuses the conflicted approver a revision that no longer names the company, and an advisory that supersedes one naming it", async () => {
    const approver = demoUsers.find((u) => u.email === APPROVER)!;
    const named = await published(magnets({ title: "Names Aoba", targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.aoba] } }));
    const plain = await published(magnets({ title: "Names Aoba too", targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.aoba] } }));
    const [conflict] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approver.id, companyId: demoOrgIds.aoba, reason: "Joined from Aoba last month.", validFrom: "2026-01-01", declaredBy: approver.id })
      .returning();
    try {
      // Revision 2 drops the name but still goes to Aoba (by its gallium), as every revision goes to every company reached before.
      const revision = { ...magnets({ title: "Names no one", targets: { products: ["permanent_magnets", "crm_gallium"], countries: [], organisations: [] } }), changeSummary: "Aoba no longer named." };
      expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: named, revision } }))).error).toBeNull();
      expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: named } }))).error).toBeNull();
      const revised = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: named } }));
      expect(revised.error).toMatchObject({ reason: "conflict_of_interest", companies: [expect.objectContaining({ en: "Aoba Semiconductor Materials" })] });
      expect(revised.events).toMatchObject([{ action: "access.denied", details: { reason: "conflict_of_interest" } }]);

      const replacement = await pending(magnets({ title: "Replaces it, naming no one", supersedes: plain }));
      const superseding = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: replacement } }));
      expect(superseding.error).toMatchObject({ reason: "conflict_of_interest", companies: [expect.objectContaining({ en: "Aoba Semiconductor Materials" })] });
      expect((await t.database.db.select({ status: advisories.status }).from(advisories).where(eq(advisories.id, plain)))[0]!.status).toBe("published");
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, conflict!.id));
    }
  });

  it("approves only the revision the approver read: another awaiting approval by then is refused (409) and nothing is published", async () => {
    const id = await published(magnets({ title: "Pinned approval" }));
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: "Pinned approval, revised" }), changeSummary: "Revised." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    // The approver read revision 1 (published), and approves "it": revision 2 is what awaits approval now.
    const stale = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id, approval: { revision: 1 } } }));
    expect(stale.error).toBeInstanceOf(ConflictError);
    expect((stale.error as Error).message).toMatch(/Revision 2 is the one awaiting approval now/);
    expect(stale.events).toEqual([]);
    const [row] = await t.database.db.select().from(advisories).where(eq(advisories.id, id));
    expect(row).toMatchObject({ publishedRevision: 1 });
    const malformed = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id, approval: { revision: "2", note: "x" } as never } }));
    expect(malformed.error).toBeInstanceOf(ValidationError);
    // A revision that does not exist is bad input on the field, not "revision 2 awaits approval now".
    const unknown = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id, approval: { revision: 3 } } }));
    expect(unknown.error).toMatchObject({ fieldErrors: [{ path: "revision", message: "validation.noSuchRevision" }] });
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id, approval: { revision: 2 } } }))).value).toMatchObject({ publishedRevision: 2 });
  });

  it("reads the names of the advisory it supersedes only once a revision of it being approved meanwhile is settled: the conflicted approver is refused", async () => {
    const approver = demoUsers.find((u) => u.email === APPROVER)!;
    // A second approver of the bureau, with no conflict, approves the revision of the old advisory.
    const [other] = await t.database.db.insert(users).values({ email: "approver2@esb.example", displayName: "Second Approver" }).returning({ id: users.id });
    await t.database.db.insert(memberships).values({ userId: other!.id, organisationId: demoOrgIds.esb, role: "agency_approver" });
    const old = await published(magnets({ title: "Old, about to name Aoba" }));
    const naming = { ...magnets({ title: "Old, naming Aoba", targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.aoba] } }), changeSummary: "Names Aoba." };
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: old, revision: naming } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: old } }))).error).toBeNull();
    const replacement = await pending(magnets({ title: "Replacing the old one", supersedes: old }));
    const [conflict] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approver.id, companyId: demoOrgIds.aoba, reason: "Sits on Aoba's board.", validFrom: "2026-01-01", declaredBy: approver.id })
      .returning();
    try {
      const secondCtx = await t.ctxFor("approver2@esb.example");
      const { second: superseding, waits } = await whileBlocked(
        t.database,
        (tx) => approveAdvisory({ ctx: { ...secondCtx, db: tx }, input: { id: old } }),
        () => as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: replacement } })),
      );
      expect(superseding.error).toMatchObject({ reason: "conflict_of_interest", companies: [expect.objectContaining({ en: "Aoba Semiconductor Materials" })] });
      const onTheOldAdvisory = expect.objectContaining({ locktype: "transactionid", waitEventType: "Lock", query: expect.stringMatching(/^select "id" from "advisories" where "advisories"\."id" = \$1 for update/) });
      expect(waits).toEqual(testDatabaseKind() === "postgres" ? [onTheOldAdvisory] : null);
      const [row] = await t.database.db.select({ status: advisories.status, publishedRevision: advisories.publishedRevision }).from(advisories).where(eq(advisories.id, old));
      expect(row).toEqual({ status: "published", publishedRevision: 2 });
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, conflict!.id));
    }
  });

  it("discards the superseded advisory's revision in progress, which would otherwise wait in the queue for good", async () => {
    const old = await published(magnets({ title: "Old, being revised" }));
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: old, revision: { ...magnets({ title: "Old, revised" }), changeSummary: "Update." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: old } }))).error).toBeNull();
    const replacement = await pending(magnets({ title: "New, replacing it", supersedes: old }));
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: replacement } }))).error).toBeNull();
    const states = await t.database.db.select({ number: advisoryRevisions.number, state: advisoryRevisions.state }).from(advisoryRevisions).where(eq(advisoryRevisions.advisoryId, old));
    expect(states.sort((a, b) => a.number - b.number)).toEqual([{ number: 1, state: "published" }, { number: 2, state: "discarded" }]);
    const queue = await as(APPROVER, (ctx) => listAdvisories({ ctx, input: { queue: "true" } }));
    expect(queue.value!.items.map((i) => i.id)).not.toContain(old);
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
