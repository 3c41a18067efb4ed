import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisories, advisoryRevisions, conflictDeclarations } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { approveAdvisory } from "./approve-advisory";
import { createAdvisory } from "./create-advisory";
import { ConflictError, ForbiddenError, ValidationError } from "./errors";
import { getAdvisory } from "./get-advisory";
import { unchecked } from "./input";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { returnAdvisory } from "./return-advisory";
import { reviseAdvisory } from "./revise-advisory";
import { updateAdvisory } from "./update-advisory";

// Advisories: a revision awaiting approval returned for changes (migration 0044) — by an approver who found
// a mistake, or by one of its writers who sent it too early; never by a colleague who did not write it, nor
// by anyone in conflict with a company the decision names. The database's own rule: advisory-guard.int.test.ts.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const { as, pending, published } = advisoryKit(() => t);
const REVIEWER2 = "reviewer2@esb.example"; // a colleague of the reviewer's (declared a conflict with Hoshino in the demo)
const person = (email: string) => demoUsers.find((u) => u.email === email)!;
const advisoryRow = async (id: string) => (await t.database.db.select().from(advisories).where(eq(advisories.id, id)))[0]!;
const revisionRow = async (id: string, number: number) =>
  (await t.database.db.select().from(advisoryRevisions).where(and(eq(advisoryRevisions.advisoryId, id), eq(advisoryRevisions.number, number))))[0]!;

describe(`advisories on ${testDatabaseKind()}: returned for changes`, () => {
  it("an approver returns it with a reason: a draft again, the return shown to agency staff and recorded; its writer edits and sends it again, and that approver publishes it", async () => {
    const id = await pending(magnets({ title: "Returned by the approver" }));
    const before = await advisoryRow(id);
    const returned = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "  The licence figures are last year's.  ", revision: 1 } }));
    expect(returned.error).toBeNull();
    expect(returned.value).toMatchObject({
      status: "draft",
      revisionState: "draft",
      version: before.version + 1,
      approvalRequestedAt: null,
      returned: { by: { id: person(APPROVER).id, name: person(APPROVER).displayName }, reason: "The licence figures are last year's." },
    });
    expect(returned.events).toMatchObject([
      { action: "advisory.return", outcome: "allowed", targetId: id, targetOrgId: demoOrgIds.esb, details: { revision: 1, reason: "The licence figures are last year's." } },
    ]);
    expect(await revisionRow(id, 1)).toMatchObject({
      state: "draft",
      approvalRequestedAt: null,
      approvalRequestedBy: null,
      returnedBy: person(APPROVER).id,
      returnReason: "The licence figures are last year's.",
      editors: [person(REVIEWER).id],
    });
    // The writer sees why, edits it and sends it again; the approver, who returned it but did not edit it, publishes it.
    expect((await as(REVIEWER, (ctx) => getAdvisory({ ctx, input: { id } }))).value).toMatchObject({ returned: { reason: "The licence figures are last year's." } });
    expect((await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id, changes: { summary: "Licences for dysprosium exports are delayed this year." } } }))).error).toBeNull();
    const again = await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }));
    expect(again.value).toMatchObject({ status: "pending_approval", revisionState: "pending_approval", returned: null });
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id, approval: { revision: 1 } } }));
    expect(approved.error).toBeNull();
    expect(approved.value).toMatchObject({ status: "published", publishedRevision: 1, returned: null, summary: "Licences for dysprosium exports are delayed this year." });
    // The return stays on the revision as it was, through the edit, the request and the approval.
    expect(await revisionRow(id, 1)).toMatchObject({ state: "published", returnedBy: person(APPROVER).id, returnReason: "The licence figures are last year's." });
  });

  it("a writer takes back their own request to edit it", async () => {
    const id = await pending(magnets({ title: "Sent too early" }));
    const retracted = await as(REVIEWER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "Sent before the customs figures were in." } }));
    expect(retracted.value).toMatchObject({ status: "draft", revisionState: "draft", youWrote: true, returned: { by: { id: person(REVIEWER).id }, reason: "Sent before the customs figures were in." } });
    expect(retracted.events).toMatchObject([{ action: "advisory.return", details: { revision: 1 } }]);
    expect((await as(REVIEWER, (ctx) => updateAdvisory({ ctx, input: { id, changes: { severity: "critical" } } }))).error).toBeNull();
  });

  it("refuses a colleague who did not write it (403, audited) and changes nothing, whatever they send", async () => {
    const id = await pending(magnets({ title: "A colleague's, awaiting approval" }));
    const before = await advisoryRow(id);
    for (const reason of ["I would rather it said more.", ""]) {
      const refused = await as(REVIEWER2, (ctx) => returnAdvisory({ ctx, input: { id, reason } }));
      expect(refused.error).toBeInstanceOf(ForbiddenError);
      expect((refused.error as Error).message).toBe("Only an approver or someone who wrote this advisory (its author or an editor) may return it for changes.");
      expect(refused.events).toMatchObject([{ action: "access.denied", outcome: "denied", targetId: id, details: { attempted: "advisory.return", reason: "not_a_writer" } }]);
    }
    expect(await advisoryRow(id)).toEqual(before);
    expect(await revisionRow(id, 1)).toMatchObject({ state: "pending_approval", returnedAt: null, returnedBy: null, returnReason: null });
  });

  it("refuses an approver in conflict with a company the advisory names (409 naming it, audited)", async () => {
    const approver = person(APPROVER);
    const [conflict] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approver.id, companyId: demoOrgIds.aoba, reason: "Spouse works there.", validFrom: "2026-01-01", declaredBy: approver.id })
      .returning();
    try {
      const id = await pending(magnets({ title: "Naming Aoba", targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.aoba] } }));
      const refused = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "Not how Aoba should hear of it." } }));
      expect(refused.error).toBeInstanceOf(ConflictError);
      expect(refused.error).toMatchObject({ reason: "conflict_of_interest", companies: ["Aoba Semiconductor Materials"] });
      expect(refused.events).toMatchObject([{ action: "access.denied", details: { attempted: "advisory.return", reason: "conflict_of_interest" } }]);
      expect((await advisoryRow(id)).status).toBe("pending_approval");
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, conflict!.id));
    }
  });

  it("returns only a revision awaiting approval, and only the one read (409)", async () => {
    const draft = (await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Still a draft" }) }))).value!.id;
    const onDraft = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id: draft, reason: "Nothing to return." } }));
    expect(onDraft.error).toBeInstanceOf(ConflictError);
    expect((onDraft.error as Error).message).toBe("An advisory that is draft cannot be returned for changes (only one awaiting approval can).");
    const done = await published(magnets({ title: "Published, nothing pending" }));
    const onPublished = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id: done, reason: "Nothing to return." } }));
    expect(onPublished.error).toBeInstanceOf(ConflictError);
    expect((onPublished.error as Error).message).toBe("An advisory that is published cannot be returned for changes (only one awaiting approval can).");
    const id = await pending(magnets({ title: "Read at revision 1" }));
    const stale = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "Read another one.", revision: 2 } }));
    expect(stale.error).toBeInstanceOf(ConflictError);
    expect((stale.error as Error).message).toBe("Revision 1 is the one awaiting approval now, not the one you read: read it before returning it.");
    expect((await advisoryRow(id)).status).toBe("pending_approval");
  });

  it("asks for a reason (422) and writes nothing without one", async () => {
    const id = await pending(magnets({ title: "Returned without a word" }));
    const before = await advisoryRow(id);
    const cases = [
      { input: { id }, message: "validation.required" },
      { input: { id, reason: "   " }, message: "validation.required" },
      { input: { id, reason: "x".repeat(2001) }, message: "validation.tooLong" },
    ];
    for (const { input, message } of cases) {
      const refused = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: unchecked(input) }));
      expect(refused.error).toBeInstanceOf(ValidationError);
      expect((refused.error as ValidationError).fieldErrors).toEqual([{ path: "reason", message }]);
      expect(refused.events).toEqual([]);
    }
    expect(await advisoryRow(id)).toEqual(before);
    expect((await revisionRow(id, 1)).state).toBe("pending_approval");
  });

  it("returns a published advisory's revision 2: the advisory stays published, and what a company reads does not change", async () => {
    const id = await published(magnets({ title: "Published, revised" }));
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: "Revision 2" }), changeSummary: "Newer figures." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    const COMPANY = "officer@kawasemi.example";
    const seen = await as(COMPANY, (ctx) => getAdvisory({ ctx, input: { id } }));
    expect(seen.value).toMatchObject({ status: "published", revision: 1, returned: null });
    const returned = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "The change summary says too little.", revision: 2 } }));
    expect(returned.value).toMatchObject({ status: "published", revision: 2, revisionState: "draft", publishedRevision: 1, returned: { reason: "The change summary says too little." } });
    expect(returned.events).toMatchObject([{ action: "advisory.return", details: { revision: 2 } }]);
    expect(await revisionRow(id, 1)).toMatchObject({ state: "published", returnedAt: null });
    expect((await as(COMPANY, (ctx) => getAdvisory({ ctx, input: { id } }))).value).toEqual(seen.value);
  });
});
