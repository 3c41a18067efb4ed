import { eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Executor, type Tx } from "@/db/client";
import { advisories, advisoryRevisions, conflictDeclarations } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { attemptRolledBack, productionRole, refused, type Attempt } from "@/lib/testing/wall-attempts";
import { approveAdvisory } from "./approve-advisory";
import type { Actor } from "./context";
import { createAdvisory } from "./create-advisory";
import { enterRowSecurity } from "./internal/row-security";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";
import { updateAdvisory } from "./update-advisory";
import { withdrawAdvisory } from "./withdraw-advisory";

// The advisories' state-move guard (migration 0038): behind the wall an official changes an advisory or a
// revision only as the services do — never the four-eyes facts (author, editors, who sent it), never a
// status, a published revision or a withdrawal except through approval, revision and withdrawal. Each
// attempt runs in a transaction rolled back afterwards. The services' own moves: below, and every other
// advisory test file, which all run behind the wall.

let t: TestDatabase;
const { as, pending, published } = advisoryKit(() => t);
const REVIEWER2 = "reviewer2@esb.example";
const actors: Record<string, Actor> = {};
const user = (email: string) => actors[email]!.userId;

/**
 * Runs `statement` in a transaction rolled back afterwards: behind the wall as `actor` (app_rls, as the
 * services do), or with `named` only the caller's settings, under the owner's privileges (the trigger on
 * its own, without the column grants); without an actor, as the owner, unchecked.
 */
function attempt(statement: SQL, actor?: Actor, { named = false } = {}, db: Executor = t.database.db): Promise<Attempt> {
  const enter = !actor
    ? undefined
    : named
      ? (tx: Tx) => tx.execute(sql`select set_config('app.user_id', ${actor.userId}, true), set_config('app.org_id', ${actor.orgId}, true), set_config('app.role', ${actor.role}, true)`)
      : (tx: Tx) => enterRowSecurity(tx, actor);
  return attemptRolledBack(db, statement, enter);
}
const noGrant = refused(/^permission denied for table/);
const allowed = { error: null, rows: 1 };
const revisionOf = async (id: string, number: number) =>
  (await t.database.db.select().from(advisoryRevisions).where(sql`${advisoryRevisions.advisoryId} = ${id} and ${advisoryRevisions.number} = ${number}`))[0]!;
const advisoryRow = async (id: string) => (await t.database.db.select().from(advisories).where(eq(advisories.id, id)))[0]!;

let edited: string; // the reviewer's draft, saved since by the approver: editors [reviewer, approver]
let own: string; // the approver's own draft, sent for approval by the approver
let awaiting: string; // the reviewer's draft, sent for approval by the reviewer
let twice: string; // published at revision 1, then revision 2
let revising: string; // published, its revision 2 awaiting approval
let withdrawn: string; // published, then withdrawn

beforeAll(async () => {
  t = await createTestDatabase();
  for (const email of [REVIEWER, REVIEWER2, APPROVER, "officer@hoshino.example"]) actors[email] = (await t.ctxFor(email)).actor!;
  const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Drafted by one, edited by another" }) }));
  edited = created.value!.id;
  expect((await as(APPROVER, (ctx) => updateAdvisory({ ctx, input: { id: edited, changes: { severity: "critical" } } }))).error).toBeNull();
  own = await pending(magnets({ title: "The approver's own" }), APPROVER);
  awaiting = await pending(magnets({ title: "Awaiting approval" }));
  twice = await published(magnets({ title: "Published twice" }));
  expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: twice, revision: { ...magnets({ title: "Revision 2" }), changeSummary: "Now critical." } } }))).error).toBeNull();
  expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: twice } }))).error).toBeNull();
  expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: twice, approval: { revision: 2 } } }))).error).toBeNull();
  revising = await published(magnets({ title: "Being revised" }));
  expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: revising, revision: { ...magnets({ title: "Revision 2, pending" }), changeSummary: "Pending." } } }))).error).toBeNull();
  expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: revising } }))).error).toBeNull();
  withdrawn = await published(magnets({ title: "Withdrawn" }));
  expect((await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: withdrawn, reason: "Sent by mistake to everyone." } }))).error).toBeNull();
});
afterAll(async () => {
  await t?.close();
});

const revision = (id: string, number = 1) => sql`advisory_id = ${id} and number = ${number}`;

describe(`the advisories' guard on ${testDatabaseKind()}: the four-eyes facts of a revision`, () => {
  it("never shrinks the editors, nor lets them grow but by the one who saves", async () => {
    expect((await revisionOf(edited, 1)).editors).toEqual([user(REVIEWER), user(APPROVER)]);
    const shrink = sql`update advisory_revisions set editors = array[author_id] where ${revision(edited)}`;
    expect(await attempt(shrink, actors[APPROVER])).toMatchObject(refused(/^advisory_revisions: its editors only grow, by the one who saves it/));
    expect(await attempt(sql`update advisory_revisions set editors = '{}' where ${revision(edited)}`, actors[REVIEWER])).toMatchObject(refused(/editors only grow/));
    const other = sql`update advisory_revisions set editors = editors || ${user(REVIEWER2)}::uuid where ${revision(edited)}`;
    expect(await attempt(other, actors[APPROVER])).toMatchObject(refused(/editors only grow/));
    // A save as the services make it: the content, and the saver joins the editors.
    const save = sql`update advisory_revisions set title = 'Saved', editors = editors || ${user(REVIEWER2)}::uuid where ${revision(edited)} returning id`;
    expect(await attempt(save, actors[REVIEWER2])).toEqual(allowed);
  });

  it("never changes a revision's author, nor its advisory or number (refused by the grants, and by the trigger on its own)", async () => {
    const author = sql`update advisory_revisions set author_id = ${user(APPROVER)} where ${revision(edited)}`;
    expect(await attempt(author, actors[APPROVER])).toMatchObject(noGrant);
    const fixed = /^advisory_revisions: its id, advisory, number, author and creation time never change/;
    expect(await attempt(author, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
    // The approver's own draft handed to a colleague, then approved "by someone else".
    const handOver = sql`update advisory_revisions set author_id = ${user(REVIEWER)}, editors = array[${user(REVIEWER)}]::uuid[] where ${revision(own)}`;
    expect(await attempt(handOver, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisory_revisions set number = 7 where ${revision(edited)}`, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
    // The owner is not the wall's business (migrations, the demo's seed).
    expect(await attempt(sql`update advisory_revisions set author_id = ${user(APPROVER)} where ${revision(edited)} returning id`)).toEqual(allowed);
  });

  it("never lets anyone approve what they drafted, edited or sent, by a direct update", async () => {
    const approve = (id: string) => sql`update advisory_revisions set state = 'published', approved_by = ${user(APPROVER)}, published_at = now() where ${revision(id)}`;
    expect(await attempt(approve(own), actors[APPROVER])).toMatchObject(refused(/^advisory_revisions: no one approves a revision they drafted, edited, created or sent for approval \(four eyes\)/));
    // Sent by the reviewer, but edited by the approver while a draft.
    const sentEdited = sql`update advisory_revisions set state = 'pending_approval', approval_requested_by = ${user(REVIEWER)}, approval_requested_at = now() where ${revision(edited)}`;
    expect(await attempt(sentEdited, actors[APPROVER])).toMatchObject(refused(/sent for approval now, by one who wrote it, in their own name/));
    // Emptying the editors of a revision awaiting approval: its content (editors included) changes only while a draft.
    expect(await attempt(sql`update advisory_revisions set editors = '{}' where ${revision(own)}`, actors[APPROVER])).toMatchObject(refused(/awaiting approval changes only as it is approved/));
    // Nor a reviewer, nor in another's name, nor backdated, nor a draft never sent.
    expect(await attempt(approve(awaiting), actors[REVIEWER])).toMatchObject(refused(/approved now by an approver, in their own name/));
    const inAnothersName = sql`update advisory_revisions set state = 'published', approved_by = ${user(REVIEWER2)}, published_at = now() where ${revision(awaiting)}`;
    expect(await attempt(inAnothersName, actors[APPROVER])).toMatchObject(refused(/in their own name/));
    const backdated = sql`update advisory_revisions set state = 'published', approved_by = ${user(APPROVER)}, published_at = now() - interval '1 day' where ${revision(awaiting)}`;
    expect(await attempt(backdated, actors[APPROVER])).toMatchObject(refused(/in their own name/));
    expect(await attempt(approve(edited), actors[APPROVER])).toMatchObject(refused(/only the current revision awaiting approval is published/));
    // Not rewritten on its way: the content of a revision awaiting approval is what was sent.
    expect(await attempt(sql`update advisory_revisions set body = 'Rewritten.' where ${revision(awaiting)}`, actors[APPROVER])).toMatchObject(refused(/awaiting approval changes only as it is approved/));
  });

  it("sends a draft for approval only in the caller's own name, by one who wrote it", async () => {
    const send = (by: string) => sql`update advisory_revisions set state = 'pending_approval', approval_requested_by = ${by}, approval_requested_at = now() where ${revision(edited)} returning id`;
    expect(await attempt(send(user(REVIEWER)), actors[APPROVER])).toMatchObject(refused(/by one who wrote it, in their own name/));
    expect(await attempt(send(user(REVIEWER2)), actors[REVIEWER2])).toMatchObject(refused(/by one who wrote it/)); // never saved it
    expect(await attempt(send(user(REVIEWER)), actors[REVIEWER])).toEqual(allowed);
  });
});

describe(`the advisories' guard on ${testDatabaseKind()}: an advisory's status moves only as the services move it`, () => {
  it("never publishes by a direct change of status", async () => {
    const publish = (id: string) =>
      sql`update advisories set status = 'published', published_revision = 1, first_published_at = now(), last_published_at = now(), version = version + 1 where id = ${id}`;
    const only = /^advisories: it is published only as the caller approves, now, its current revision/;
    expect(await attempt(publish(awaiting), actors[APPROVER])).toMatchObject(refused(only));
    expect(await attempt(publish(own), actors[APPROVER])).toMatchObject(refused(only));
    expect(await attempt(sql`update advisories set status = 'published', version = version + 1 where id = ${awaiting}`, actors[APPROVER])).toMatchObject(
      refused(/changes only as its working revision is saved or sent/),
    );
    expect(await attempt(sql`update advisories set status = 'pending_approval', version = version + 1 where id = ${edited}`, actors[REVIEWER])).toMatchObject(
      refused(/changes only as its working revision is saved or sent/),
    );
    expect(await attempt(sql`update advisories set status = 'draft', version = version + 1 where id = ${awaiting}`, actors[REVIEWER])).toMatchObject(refused(/saved or sent/));
  });

  it("never changes an advisory's reference, agency, creator or the advisory it supersedes", async () => {
    const reference = sql`update advisories set reference = 'KH-ADV-2026-9999', version = version + 1 where id = ${twice}`;
    expect(await attempt(reference, actors[APPROVER])).toMatchObject(noGrant);
    const fixed = /^advisories: its id, agency, reference, the advisory it supersedes, creator and creation time never change/;
    expect(await attempt(reference, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisories set created_by = ${user(REVIEWER2)}, version = version + 1 where id = ${edited}`, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisories set agency_id = ${demoOrgIds.hoshino}, version = version + 1 where id = ${edited}`, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisories set supersedes_id = ${twice}, version = version + 1 where id = ${edited}`, actors[APPROVER], { named: true })).toMatchObject(refused(fixed));
  });

  it("never moves the published or current revision back, nor starts a revision but as the caller's draft", async () => {
    expect(await advisoryRow(twice)).toMatchObject({ publishedRevision: 2, currentRevision: 2 });
    const back = sql`update advisories set published_revision = 1, version = version + 1 where id = ${twice}`;
    expect(await attempt(back, actors[APPROVER])).toMatchObject(refused(/published_revision moves forward only/));
    expect(await attempt(sql`update advisories set current_revision = 1, version = version + 1 where id = ${twice}`, actors[APPROVER])).toMatchObject(
      refused(/a next revision is started only of a published advisory, as the caller's draft/),
    );
    expect(await attempt(sql`update advisories set current_revision = 1, published_revision = 1, version = version + 1 where id = ${twice}`, actors[APPROVER])).toMatchObject(
      refused(/moves forward only/),
    );
    // Nor the first publication's time, nor a version that skips or stands still.
    expect(await attempt(sql`update advisories set first_published_at = now(), version = version + 1 where id = ${twice}`, actors[APPROVER])).toMatchObject(refused(/moves forward only/));
    expect(await attempt(sql`update advisories set version = version + 5 where id = ${edited}`, actors[REVIEWER])).toMatchObject(refused(/counts one version/));
  });

  it("never brings a withdrawn advisory back, nor changes its withdrawal", async () => {
    const unwithdraw = sql`update advisories set status = 'published', withdrawn_at = null, withdrawn_by = null, withdrawal_reason = null, version = version + 1 where id = ${withdrawn}`;
    expect(await attempt(unwithdraw, actors[APPROVER])).toMatchObject(refused(/^advisories: a withdrawn advisory never changes again/));
    expect(await attempt(sql`update advisories set withdrawal_reason = 'Nothing happened.', version = version + 1 where id = ${withdrawn}`, actors[APPROVER])).toMatchObject(
      refused(/withdrawn advisory never changes again/),
    );
    // A withdrawal is recorded now, in the caller's name, with a reason; a published advisory's by an approver.
    const withdraw = (id: string, by: string, at: SQL = sql`now()`) =>
      sql`update advisories set status = 'withdrawn', withdrawn_at = ${at}, withdrawn_by = ${by}, withdrawal_reason = 'No longer accurate at all.', version = version + 1 where id = ${id} returning id`;
    expect(await attempt(withdraw(twice, user(APPROVER)), actors[REVIEWER])).toMatchObject(refused(/records now, the caller and a reason/));
    expect(await attempt(withdraw(twice, user(REVIEWER)), actors[REVIEWER])).toMatchObject(refused(/withdrawn by an approver, or one never published/));
    expect(await attempt(withdraw(twice, user(APPROVER), sql`now() - interval '1 day'`), actors[APPROVER])).toMatchObject(refused(/records now/));
    expect(await attempt(sql`update advisories set withdrawal_reason = 'Pre-emptive.', version = version + 1 where id = ${edited}`, actors[REVIEWER])).toMatchObject(
      refused(/withdrawal is recorded only as it is withdrawn/),
    );
    expect(await attempt(withdraw(twice, user(APPROVER)), actors[APPROVER])).toEqual(allowed);
    // Never published: one of its writers or an approver drops it; a colleague who did not write it does not,
    // nor its own writer in conflict with a company it names (migration 0040).
    const unpublished = /withdrawn by an approver, or one never published by one of its writers, and by no one in conflict/;
    expect(await attempt(withdraw(edited, user(REVIEWER2)), actors[REVIEWER2])).toMatchObject(refused(unpublished));
    expect(await attempt(withdraw(awaiting, user(REVIEWER2)), actors[REVIEWER2])).toMatchObject(refused(unpublished));
    expect(await attempt(withdraw(edited, user(REVIEWER)), actors[REVIEWER])).toEqual(allowed);
    expect(await attempt(withdraw(awaiting, user(APPROVER)), actors[APPROVER])).toEqual(allowed);
    const naming = (await as(REVIEWER2, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Naming Hoshino", targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] } }) }))).value!.id;
    expect(await attempt(withdraw(naming, user(REVIEWER2)), actors[REVIEWER2])).toMatchObject(refused(unpublished));
    expect(await attempt(withdraw(naming, user(APPROVER)), actors[APPROVER])).toEqual(allowed);
  });

  it("never supersedes, nor discards a revision in progress, but as approval and withdrawal do", async () => {
    expect(await attempt(sql`update advisories set status = 'superseded', superseded_by_id = ${awaiting}, version = version + 1 where id = ${twice}`, actors[APPROVER])).toMatchObject(
      refused(/superseded only as the caller approves, now, the advisory that supersedes it/),
    );
    expect(await attempt(sql`update advisory_revisions set state = 'discarded' where ${revision(revising, 2)}`, actors[APPROVER])).toMatchObject(
      refused(/discarded only as it is, with its advisory withdrawn or superseded/),
    );
    expect(await attempt(sql`update advisory_revisions set state = 'draft' where ${revision(revising, 2)}`, actors[REVIEWER])).toMatchObject(refused(/never goes back to draft/));
  });

  it("lets a company's user change nothing, and starts an advisory and a revision only as the services do", async () => {
    const officer = actors["officer@hoshino.example"]!;
    expect(await attempt(sql`update advisories set withdrawal_reason = 'x' where id = ${twice}`, officer, { named: true })).toMatchObject(refused(/^advisories: only agency staff write advisories/));
    const start = (columns: SQL, values: SQL) =>
      sql`insert into advisories (agency_id, reference, created_by${columns}) values (${demoOrgIds.esb}, 'KH-ADV-2099-0001', ${user(REVIEWER)}${values})`;
    expect(await attempt(start(sql`, withdrawn_at`, sql`, now()`), actors[REVIEWER])).toMatchObject(refused(/starts now as the caller's draft of revision 1/));
    expect(await attempt(start(sql`, current_revision`, sql`, 3`), actors[REVIEWER])).toMatchObject(refused(/draft of revision 1/));
    expect(await attempt(start(sql`, supersedes_id`, sql`, ${edited}`), actors[REVIEWER])).toMatchObject(refused(/supersedes only a published advisory of its agency/));
    const next = (id: string, number: number, approvedBy: string | null = null) =>
      sql`insert into advisory_revisions (advisory_id, number, title, summary, body, severity, tlp, targets, author_id, editors, approved_by)
        values (${id}, ${number}, 't', 's', 'b', 'low', 'GREEN', '{"products":[],"countries":[],"organisations":[]}', ${user(REVIEWER)}, array[${user(REVIEWER)}]::uuid[], ${approvedBy}::uuid)`;
    expect(await attempt(next(withdrawn, 2), actors[REVIEWER])).toMatchObject(refused(/the first of a new advisory or the next of a published one/));
    expect(await attempt(next(revising, 3), actors[REVIEWER])).toMatchObject(refused(/next of a published one/));
    expect(await attempt(next(withdrawn, 2, user(APPROVER)), actors[REVIEWER])).toMatchObject(refused(/neither sent nor approved/));
  });
});

describe(`the advisories' guard on ${testDatabaseKind()}: every move the services make`, () => {
  it("drafts, saves by another, sends, approves, revises, supersedes (discarding the old one's revision in progress) and withdraws (discarding its own)", async () => {
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Every move" }) }));
    expect(created.error).toBeNull();
    const id = created.value!.id;
    expect((await as(REVIEWER2, (ctx) => updateAdvisory({ ctx, input: { id, version: 1, changes: { summary: "Edited by a colleague." } } }))).error).toBeNull();
    expect((await as(REVIEWER2, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id, approval: { revision: 1 } } }))).error).toBeNull();
    expect(await revisionOf(id, 1)).toMatchObject({ state: "published", editors: [user(REVIEWER), user(REVIEWER2)], approvalRequestedBy: user(REVIEWER2), approvedBy: user(APPROVER) });
    expect(await advisoryRow(id)).toMatchObject({ status: "published", publishedRevision: 1, currentRevision: 1, version: 4 });

    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: { ...magnets({ title: "Every move, 2" }), changeSummary: "Second." } } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    const replacement = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: { ...magnets({ title: "Replacement" }), supersedes: id } }));
    expect(replacement.error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: replacement.value!.id } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: replacement.value!.id } }))).error).toBeNull();
    expect(await advisoryRow(id)).toMatchObject({ status: "superseded", supersededById: replacement.value!.id, publishedRevision: 1, currentRevision: 2 });
    expect((await revisionOf(id, 2)).state).toBe("discarded");

    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: replacement.value!.id, revision: { ...magnets(), changeSummary: "Draft." } } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: replacement.value!.id, reason: "Withdrawn with its draft." } }))).error).toBeNull();
    expect(await advisoryRow(replacement.value!.id)).toMatchObject({ status: "withdrawn", withdrawnBy: user(APPROVER), publishedRevision: 1, currentRevision: 2 });
    expect((await revisionOf(replacement.value!.id, 2)).state).toBe("discarded");
  });

  it("lets app_rls update only the columns those moves write", async () => {
    const [grants] = rowsOf<Record<string, boolean>>(
      await t.database.db.execute(sql`select
        has_column_privilege('app_rls', 'advisories', 'status', 'UPDATE') as status,
        has_column_privilege('app_rls', 'advisories', 'reference', 'UPDATE') as reference,
        has_column_privilege('app_rls', 'advisories', 'created_by', 'UPDATE') as created_by,
        has_column_privilege('app_rls', 'advisory_revisions', 'editors', 'UPDATE') as editors,
        has_column_privilege('app_rls', 'advisory_revisions', 'author_id', 'UPDATE') as author_id,
        has_column_privilege('app_rls', 'advisory_revisions', 'number', 'UPDATE') as number`),
    );
    expect(grants).toEqual({ status: true, reference: false, created_by: false, editors: true, author_id: false, number: false });
  });
});

// The README's production role (db/production-roles.sql), on a real server only (PGlite has one user).
describe(`the advisories' guard on ${testDatabaseKind()}: the services' conflict rule is the guard's (migration 0050)`, () => {
  it("refuses a conflicted approver a revision naming the company only in an earlier published one, through the service by its name and by a direct update alike", async () => {
    const id = await published(magnets({ title: "Named Hoshino once", targets: { products: ["permanent_magnets"], countries: [], organisations: [demoOrgIds.hoshino] } }));
    const unnamed = { ...magnets({ title: "Names no one", targets: { products: ["permanent_magnets"], countries: [], organisations: [] } }), changeSummary: "Hoshino no longer named." };
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: unnamed } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    const approve = sql`update advisory_revisions set state = 'published', approved_by = ${user(APPROVER)}, published_at = now() where ${revision(id, 2)} returning id`;
    const [conflict] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: user(APPROVER), companyId: demoOrgIds.hoshino, reason: "Advised Hoshino last year.", validFrom: "2026-01-01", declaredBy: user(APPROVER) })
      .returning();
    try {
      const refusedByService = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
      expect(refusedByService.error).toMatchObject({ reason: "conflict_of_interest", companies: [{ en: "Hoshino Magnetics", ja: "星野マグネティクス" }] });
      expect((refusedByService.error as Error).message).toContain("conflict of interest with Hoshino Magnetics");
      expect(await attempt(approve, actors[APPROVER])).toMatchObject(refused(/^advisory_revisions: no one approves an advisory naming a company they declared a conflict with/));
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, conflict!.id));
    }
    // The declaration gone, both let the same approver through.
    expect(await attempt(approve, actors[APPROVER])).toEqual(allowed);
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }))).value).toMatchObject({ publishedRevision: 2 });
  });
});

describe.runIf(testDatabaseKind() === "postgres")("the advisories' guard under the application's production role", () => {
  const { db: appDb } = productionRole(() => t);

  it("may update only the columns the moves write, and behind the wall is held to the moves", async () => {
    expect(await attempt(sql`update advisory_revisions set author_id = ${user(APPROVER)}`, undefined, {}, appDb())).toMatchObject(noGrant);
    expect(await attempt(sql`update advisories set reference = 'KH-ADV-2099-0002'`, undefined, {}, appDb())).toMatchObject(noGrant);
    expect(await attempt(sql`update advisory_revisions set editors = '{}' where ${revision(own)}`, actors[APPROVER], {}, appDb())).toMatchObject(refused(/awaiting approval changes only as it is approved/));
  });
});

describe(`the advisories' guard on ${testDatabaseKind()}: a revision returned for changes (migration 0044)`, () => {
  const reason = "The licence figures are last year's.";
  /** A return as returnAdvisory writes it, by `by`, with `extra` assignments (a changed title, say). */
  const returning = (id: string, by: string, { number = 1, extra = sql``, why = reason, at = sql`now()` }: { number?: number; extra?: SQL; why?: string; at?: SQL } = {}) =>
    sql`update advisory_revisions set state = 'draft', approval_requested_at = null, approval_requested_by = null,
      returned_at = ${at}, returned_by = ${by}, return_reason = ${why}${extra} where ${revision(id, number)} returning id`;
  /** `statement` in a transaction rolled back afterwards, after `first` as `firstActor` (or the owner), then behind the wall as `actor`. */
  const attemptAfter = (first: SQL[], firstActor: Actor | undefined, statement: SQL, actor: Actor | undefined) =>
    attemptRolledBack(t.database.db, statement, async (tx) => {
      if (firstActor) await enterRowSecurity(tx, firstActor);
      for (const s of first) await tx.execute(s);
      if (actor) await enterRowSecurity(tx, actor);
    });
  /** The whole of a first revision's return, as returnAdvisory makes it: the revision, then its advisory. */
  const returned = (id: string, by: string) => [returning(id, by), sql`update advisories set status = 'draft', version = version + 1 where id = ${id}`];
  const unreturned = /^advisory_revisions: a revision never goes back to draft but as it is returned for changes/;

  it("goes back to draft as returnAdvisory takes it back: by an approver or one who wrote it, in their own name, now, with a reason, as it was sent", async () => {
    expect(await attempt(returning(awaiting, user(APPROVER)), actors[APPROVER])).toEqual(allowed);
    expect(await attempt(returning(awaiting, user(REVIEWER)), actors[REVIEWER])).toEqual(allowed);
    expect(await attempt(returning(revising, user(APPROVER), { number: 2 }), actors[APPROVER])).toEqual(allowed);
    // A colleague who did not write it does not pull it out of the approvers' queue.
    expect(await attempt(returning(awaiting, user(REVIEWER2)), actors[REVIEWER2])).toMatchObject(
      refused(/^advisory_revisions: a revision awaiting approval is returned for changes only by an approver or one who wrote it/),
    );
    // Nor rewritten on its way back, nor in another's name, nor backdated, nor without a reason, nor still sent.
    expect(await attempt(returning(awaiting, user(APPROVER), { extra: sql`, title = 'Changed on the way back'` }), actors[APPROVER])).toMatchObject(refused(unreturned));
    expect(await attempt(returning(awaiting, user(APPROVER), { extra: sql`, editors = '{}'` }), actors[APPROVER])).toMatchObject(refused(unreturned));
    expect(await attempt(returning(awaiting, user(REVIEWER)), actors[APPROVER])).toMatchObject(refused(unreturned));
    expect(await attempt(returning(awaiting, user(APPROVER), { at: sql`now() - interval '1 day'` }), actors[APPROVER])).toMatchObject(refused(unreturned));
    expect(await attempt(returning(awaiting, user(APPROVER), { why: "   " }), actors[APPROVER])).toMatchObject(refused(unreturned));
    const stillSent = sql`update advisory_revisions set state = 'draft', returned_at = now(), returned_by = ${user(APPROVER)}, return_reason = ${reason} where ${revision(awaiting)}`;
    expect(await attempt(stillSent, actors[APPROVER])).toMatchObject(refused(unreturned));
    // A published revision stays as it is (0007), a draft was never sent, a withdrawn advisory's revision is discarded.
    expect(await attempt(returning(twice, user(APPROVER), { number: 2 }), actors[APPROVER])).toMatchObject(refused(/a published revision is immutable/));
    expect(await attempt(returning(edited, user(APPROVER)), actors[APPROVER])).toMatchObject(refused(/its return is recorded only as it is returned for changes/));
    // The owner is not the wall's business.
    expect(await attempt(returning(awaiting, user(REVIEWER2), { extra: sql`, title = 'By the owner'` }))).toEqual(allowed);
  });

  it("is not returned by anyone in conflict with a company the decision names, its own writer included", async () => {
    const naming = await pending(magnets({ title: "Sent, naming Hoshino", targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] } }), REVIEWER2);
    expect(await attempt(returning(naming, user(REVIEWER2)), actors[REVIEWER2])).toMatchObject(
      refused(/^advisory_revisions: no one returns an advisory naming a company they declared a conflict with/),
    );
    expect(await attempt(returning(naming, user(APPROVER)), actors[APPROVER])).toEqual(allowed);
  });

  it("takes its advisory back to draft only as its current revision is returned, now, by the caller", async () => {
    const back = (id: string) => sql`update advisories set status = 'draft', version = version + 1 where id = ${id} returning id`;
    const other = /^advisories: it changes only as its working revision is saved or sent for approval by the caller, or returned for changes by them/;
    expect(await attempt(back(awaiting), actors[APPROVER])).toMatchObject(refused(other));
    expect(await attemptAfter([returning(awaiting, user(APPROVER))], actors[APPROVER], back(awaiting), actors[APPROVER])).toEqual(allowed);
    // Returned by someone else (the owner writing it in the approver's name): not the caller's return.
    expect(await attemptAfter([returning(awaiting, user(APPROVER))], undefined, back(awaiting), actors[REVIEWER])).toMatchObject(refused(other));
    // Nothing else of it changes on the way back.
    const more = sql`update advisories set status = 'draft', version = version + 1, withdrawal_reason = 'Quietly.' where id = ${awaiting}`;
    expect(await attemptAfter([returning(awaiting, user(APPROVER))], actors[APPROVER], more, actors[APPROVER])).toMatchObject(refused(/withdrawal is recorded only as it is withdrawn/));
    // A published advisory whose revision 2 is returned stays published, its version counted.
    const counted = sql`update advisories set version = version + 1 where id = ${revising} returning id`;
    expect(await attemptAfter([returning(revising, user(APPROVER), { number: 2 })], actors[APPROVER], counted, actors[APPROVER])).toEqual(allowed);
    const unpublish = sql`update advisories set status = 'draft', version = version + 1 where id = ${revising}`;
    expect(await attemptAfter([returning(revising, user(APPROVER), { number: 2 })], actors[APPROVER], unpublish, actors[APPROVER])).toMatchObject(refused(other));
  });

  it("lets no other move write a return: a save, a send, an approval or a new revision keep it as it is", async () => {
    const recorded = /^advisory_revisions: its return is recorded only as it is returned for changes/;
    const save = sql`update advisory_revisions set title = 'Saved', return_reason = 'Sneaked in.' where ${revision(edited)}`;
    expect(await attempt(save, actors[APPROVER])).toMatchObject(refused(recorded));
    const send = sql`update advisory_revisions set state = 'pending_approval', approval_requested_by = ${user(REVIEWER)}, approval_requested_at = now(), returned_by = ${user(REVIEWER)} where ${revision(edited)}`;
    expect(await attempt(send, actors[REVIEWER])).toMatchObject(refused(recorded));
    const approve = sql`update advisory_revisions set state = 'published', approved_by = ${user(APPROVER)}, published_at = now(), returned_at = now() where ${revision(awaiting)}`;
    expect(await attempt(approve, actors[APPROVER])).toMatchObject(refused(recorded));
    // A returned draft's return is kept through its saves (and cleared by nothing but the owner).
    const cleared = sql`update advisory_revisions set title = 'Saved', returned_at = null, returned_by = null, return_reason = null where ${revision(awaiting)}`;
    expect(await attemptAfter(returned(awaiting, user(APPROVER)), actors[APPROVER], cleared, actors[REVIEWER])).toMatchObject(refused(recorded));
    const saved = sql`update advisory_revisions set title = 'Saved', editors = editors || ${user(APPROVER)}::uuid where ${revision(awaiting)} returning id`;
    expect(await attemptAfter(returned(awaiting, user(APPROVER)), actors[APPROVER], saved, actors[APPROVER])).toEqual(allowed);
    const start = sql`insert into advisory_revisions (advisory_id, number, title, summary, body, severity, tlp, targets, author_id, editors, returned_by)
      values (${twice}, 3, 't', 's', 'b', 'low', 'GREEN', '{"products":[],"countries":[],"organisations":[]}', ${user(REVIEWER)}, array[${user(REVIEWER)}]::uuid[], ${user(APPROVER)})`;
    expect(await attempt(start, actors[REVIEWER])).toMatchObject(refused(/neither sent nor approved/));
    // The owner is not the wall's business.
    expect(await attempt(sql`update advisory_revisions set return_reason = 'Set by the owner.' where ${revision(edited)} returning id`)).toEqual(allowed);
  });

  it("lets app_rls update the three columns of a return", async () => {
    const [grants] = rowsOf<Record<string, boolean>>(
      await t.database.db.execute(sql`select
        has_column_privilege('app_rls', 'advisory_revisions', 'returned_at', 'UPDATE') as returned_at,
        has_column_privilege('app_rls', 'advisory_revisions', 'returned_by', 'UPDATE') as returned_by,
        has_column_privilege('app_rls', 'advisory_revisions', 'return_reason', 'UPDATE') as return_reason`),
    );
    expect(grants).toEqual({ returned_at: true, returned_by: true, return_reason: true });
  });
});
