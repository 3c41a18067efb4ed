import { and, eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisories, advisoryRevisions, conflictDeclarations } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { attemptRolledBack } from "@/lib/testing/wall-attempts";
import { approveAdvisory } from "./approve-advisory";
import type { Actor } from "./context";
import { createAdvisory } from "./create-advisory";
import { ConflictError, ForbiddenError, ValidationError } from "./errors";
import { getAdvisory } from "./get-advisory";
import { unchecked } from "./input";
import { enterRowSecurity } from "./internal/row-security";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { returnAdvisory } from "./return-advisory";
import { reviseAdvisory } from "./revise-advisory";
import { updateAdvisory } from "./update-advisory";

// Advisories: a revision awaiting approval returned for changes (migration 0044) — by an approver who found
// a mistake, or by one of its writers who sent it too early; never by a colleague who did not write it, nor
// by anyone in conflict with a company the decision names. The database's own rule: advisory-guard.int.test.ts;
// that a return is written whole or not at all (migration 0046): below.

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
      expect(refused.error).toMatchObject({ reason: "conflict_of_interest", companies: [expect.objectContaining({ en: "Aoba Semiconductor Materials" })] });
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
    // The approver read revision 1, published; revision 2 awaits approval now.
    const id = await published(magnets({ title: "Read at revision 1" }));
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: "Read at revision 1, revised" }), changeSummary: "Revised." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    const stale = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "Read another one.", revision: 1 } }));
    expect(stale.error).toBeInstanceOf(ConflictError);
    expect((stale.error as Error).message).toBe("Revision 2 is the one awaiting approval now, not the one you read: read it before returning it.");
    // A revision that does not exist is bad input on the field, not a stale read.
    const unknown = await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason: "Read a future one.", revision: 3 } }));
    expect(unknown.error).toMatchObject({ fieldErrors: [{ path: "revision", message: "validation.noSuchRevision" }] });
    expect((await advisoryRow(id)).status).toBe("published");
    expect((await advisoryRow(id)).currentRevision).toBe(2);
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

describe(`advisories on ${testDatabaseKind()}: a move written whole or not at all (migration 0046)`, () => {
  type Failure = { code?: string; message: string; cause?: Failure };
  /** Commits `statements` in one transaction (behind the wall as `actor`, or as the owner): null, or the database's error. */
  async function committed(statements: SQL[], actor?: Actor): Promise<{ code?: string; message: string } | null> {
    try {
      await t.database.db.transaction(async (tx) => {
        if (actor) await enterRowSecurity(tx, actor);
        for (const statement of statements) await tx.execute(statement);
      });
      return null;
    } catch (error) {
      const e = error as Failure;
      return { code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message };
    }
  }
  const disagree = (message: RegExp) => ({ code: "23514", message: expect.stringMatching(message) });
  const atCommit = /^advisories: an advisory and its revisions must agree when the transaction ends: /;
  const reason = "The licence figures are last year's.";
  const returning = (id: string, by: string, number = 1) =>
    sql`update advisory_revisions set state = 'draft', approval_requested_at = null, approval_requested_by = null,
      returned_at = now(), returned_by = ${by}, return_reason = ${reason} where advisory_id = ${id} and number = ${number}`;
  const advisoryBack = (id: string) => sql`update advisories set status = 'draft', version = version + 1 where id = ${id}`;
  const approver = async () => (await t.ctxFor(APPROVER)).actor!;

  it("refuses at commit half a return written directly, behind the wall or as the owner, and changes nothing", async () => {
    const id = await pending(magnets({ title: "Half returned" }));
    const [advisoryBefore, revisionBefore] = [await advisoryRow(id), await revisionRow(id, 1)];
    // The revision back to draft (each statement as the guards of 0044 allow), its advisory left awaiting approval.
    expect(await committed([returning(id, person(APPROVER).id)], await approver())).toEqual(
      disagree(/must agree when the transaction ends: the advisory is pending_approval but its current revision 1 is draft/),
    );
    expect(await committed([returning(id, person(APPROVER).id)])).toEqual(disagree(atCommit));
    // The converse, which only the owner's unchecked writes can attempt: the advisory a draft, its revision still sent.
    expect(await committed([advisoryBack(id)])).toEqual(disagree(/the advisory is draft but its current revision 1 is pending_approval/));
    expect(await advisoryRow(id)).toEqual(advisoryBefore);
    expect(await revisionRow(id, 1)).toEqual(revisionBefore);
    // Both halves in one transaction, in the order returnAdvisory writes them: the check waits for the commit.
    const actor = await approver();
    const whole = await attemptRolledBack(t.database.db, sql`set constraints all immediate`, async (tx) => {
      await enterRowSecurity(tx, actor);
      for (const statement of [returning(id, person(APPROVER).id), advisoryBack(id)]) await tx.execute(statement);
    });
    expect(whole).toEqual({ error: null, rows: 0 });
  });

  it("still lets returnAdvisory return it whole, a first revision and a published advisory's next one", async () => {
    const id = await pending(magnets({ title: "Returned whole" }));
    expect((await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id, reason } }))).value).toMatchObject({ status: "draft", revisionState: "draft" });
    expect(await advisoryRow(id)).toMatchObject({ status: "draft" });
    const next = await published(magnets({ title: "Published, its revision 2 returned whole" }));
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: next, revision: { ...magnets(), changeSummary: "Newer." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: next } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => returnAdvisory({ ctx, input: { id: next, reason, revision: 2 } }))).value).toMatchObject({ status: "published", revisionState: "draft" });
  });

  it("refuses at commit half of the other moves too: a send, an approval of a next revision, a revision started", async () => {
    const draft = (await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Half sent" }) }))).value!.id;
    const reviewer = (await t.ctxFor(REVIEWER)).actor!;
    const send = sql`update advisory_revisions set state = 'pending_approval', approval_requested_by = ${reviewer.userId}, approval_requested_at = now() where advisory_id = ${draft} and number = 1`;
    expect(await committed([send], reviewer)).toEqual(disagree(/the advisory is draft but its current revision 1 is pending_approval/));
    const revised = await published(magnets({ title: "Half approved" }));
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: revised, revision: { ...magnets(), changeSummary: "Newer." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: revised } }))).error).toBeNull();
    const approve = sql`update advisory_revisions set state = 'published', approved_by = ${person(APPROVER).id}, published_at = now() where advisory_id = ${revised} and number = 2`;
    expect(await committed([approve], await approver())).toEqual(disagree(/its published revision \(1\) is not its latest published one \(2\)/));
    const done = await published(magnets({ title: "Half revised" }));
    const start = sql`insert into advisory_revisions (advisory_id, number, title, summary, body, severity, tlp, targets, author_id, editors)
      values (${done}, 2, 't', 's', 'b', 'low', 'GREEN', '{"products":["permanent_magnets"],"countries":[],"organisations":[]}', ${reviewer.userId}, array[${reviewer.userId}]::uuid[])`;
    expect(await committed([start], reviewer)).toEqual(disagree(/only its current revision \(1\) may be in progress, and none comes after it/));
    expect(await advisoryRow(done)).toMatchObject({ currentRevision: 1 });
  });
});
