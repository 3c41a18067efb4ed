import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Executor } from "@/db/client";
import { organisations } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { deliverDueEmails } from "@/lib/notifications/deliver";
import { outboxConfig } from "@/lib/notifications/config";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { attemptRolledBack, productionRole, refused, type Attempt } from "@/lib/testing/wall-attempts";
import { acknowledgeAdvisory } from "./acknowledge-advisory";
import { approveAdvisory } from "./approve-advisory";
import type { Actor } from "./context";
import { createAdvisory } from "./create-advisory";
import { getAdvisory } from "./get-advisory";
import { enterRowSecurity } from "./internal/row-security";
import { listAdvisories } from "./list-advisories";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";
import { withdrawAdvisory } from "./withdraw-advisory";

// The advisory tables' second wall (migration 0036). A delivery is a company's evidence of what it was sent,
// read and acknowledged: the database lets through only the moves the services make, whoever writes (the
// owner too), and never a removal. Behind row-level security a company sees only its own deliveries and the
// published advisories it may read, agency staff only their agency's, everyone else nothing. Each refusal
// below runs in a transaction rolled back afterwards, so one test's attempt never changes the next one's rows.

let t: TestDatabase;
const { as, published, deliveriesOf } = advisoryKit(() => t);
const HOSHINO = "officer@hoshino.example";
const HOSHINO_ADMIN = "admin@hoshino.example";
const KAWASEMI = "officer@kawasemi.example";
const TSUBAME = "officer@tsubame.example";
let walled: string; // published to Hoshino, Kawasemi and Tsubame; revised; read and acknowledged; withdrawn
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  for (const email of [HOSHINO, HOSHINO_ADMIN, KAWASEMI, TSUBAME, REVIEWER, APPROVER, "auditor@oversight.example", "admin@kakehashi.example"]) {
    actors[email] = (await t.ctxFor(email)).actor!;
  }
});
afterAll(async () => {
  await t?.close();
});

/** Runs `statement` (behind the wall as `actor`, when given) in a transaction rolled back afterwards: its error, or how many rows it returned. */
const attempt = (statement: SQL, actor?: Actor, db: Executor = t.database.db): Promise<Attempt> =>
  attemptRolledBack(db, statement, actor ? (tx) => enterRowSecurity(tx, actor) : undefined);
const delivery = async (id: string, orgId: string) => (await deliveriesOf(id)).find((d) => d.organisationId === orgId)!;
const where = (orgId: string) => sql`advisory_id = ${walled} and organisation_id = ${orgId}`;

describe(`a delivery on ${testDatabaseKind()}: every move the services make`, () => {
  it("publishes, records a read receipt and acknowledgements, delivers a revision, which is read and acknowledged in turn, and withdraws", async () => {
    walled = await published(magnets({ title: "Walled advisory" }));
    const first = await deliveriesOf(walled);
    expect(first.map((d) => d.organisationId).sort()).toEqual([demoOrgIds.hoshino, demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    expect(first.every((d) => d.currentRevision === 1 && d.deliveredRevision === 1 && d.firstReadAt === null)).toBe(true);

    expect((await as(HOSHINO, (ctx) => getAdvisory({ ctx, input: { id: walled } }))).error).toBeNull();
    const read = await delivery(walled, demoOrgIds.hoshino);
    expect(read).toMatchObject({ firstReadBy: actors[HOSHINO]!.userId, readRevision: 1, acknowledgedAt: null });
    expect((await as(HOSHINO, (ctx) => getAdvisory({ ctx, input: { id: walled } }))).error).toBeNull();
    expect(await delivery(walled, demoOrgIds.hoshino)).toEqual(read);
    expect((await as(HOSHINO, (ctx) => acknowledgeAdvisory({ ctx, input: { id: walled, acknowledgement: { note: "Seen.", revision: 1 } } }))).error).toBeNull();
    // Acknowledging without opening it first is reading it too.
    expect((await as(KAWASEMI, (ctx) => acknowledgeAdvisory({ ctx, input: { id: walled, acknowledgement: {} } }))).error).toBeNull();
    expect(await delivery(walled, demoOrgIds.kawasemi)).toMatchObject({ firstReadBy: actors[KAWASEMI]!.userId, readRevision: 1, acknowledgedRevision: 1 });

    const revised = await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: walled, revision: { ...magnets({ title: "Walled, revised" }), changeSummary: "Licences now refused." } } }));
    expect(revised.error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: walled } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: walled, approval: { revision: 2 } } }))).error).toBeNull();
    const second = await delivery(walled, demoOrgIds.hoshino);
    expect(second).toMatchObject({ currentRevision: 2, deliveredRevision: 1, revisedAt: expect.any(Date), firstReadAt: read.firstReadAt, readRevision: 1, acknowledgedRevision: 1 });

    // Another user of the company reads and acknowledges the new revision: the first reading stays the first.
    expect((await as(HOSHINO_ADMIN, (ctx) => getAdvisory({ ctx, input: { id: walled } }))).error).toBeNull();
    expect((await as(HOSHINO_ADMIN, (ctx) => acknowledgeAdvisory({ ctx, input: { id: walled, acknowledgement: { revision: 2 } } }))).error).toBeNull();
    expect(await delivery(walled, demoOrgIds.hoshino)).toMatchObject({
      firstReadBy: actors[HOSHINO]!.userId,
      firstReadAt: read.firstReadAt,
      readRevision: 2,
      acknowledgedRevision: 2,
      acknowledgedBy: actors[HOSHINO_ADMIN]!.userId,
    });

    const before = await deliveriesOf(walled);
    const withdrawn = await as(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: walled, reason: "Sent to the wrong companies." } }));
    expect(withdrawn.error).toBeNull();
    expect(await deliveriesOf(walled)).toEqual(before);
  });

  it("supersedes: the replacement is delivered, the old advisory and its deliveries stay", async () => {
    const old = await published(magnets({ title: "To be superseded" }));
    const before = await deliveriesOf(old);
    const created = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: { ...magnets({ title: "The replacement" }), supersedes: old } }));
    expect(created.error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: created.value!.id } }))).error).toBeNull();
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: created.value!.id } }));
    expect(approved.error).toBeNull();
    expect(await deliveriesOf(old)).toEqual(before);
    expect((await as(HOSHINO, (ctx) => getAdvisory({ ctx, input: { id: old } }))).value).toMatchObject({ status: "superseded", supersededBy: { id: created.value!.id } });
    expect(await deliveriesOf(created.value!.id)).toHaveLength(3);
  });
});

describe(`a delivery on ${testDatabaseKind()}: what the database refuses to anyone, the owner included`, () => {
  it("never removes a delivery, an advisory or its revisions", async () => {
    expect(await attempt(sql`delete from advisory_deliveries where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(/^advisory_deliveries: .* DELETE refused/));
    expect(await attempt(sql`truncate advisory_deliveries`)).toMatchObject(refused(/^advisory_deliveries: .* TRUNCATE refused/));
    expect(await attempt(sql`truncate advisory_revisions`)).toMatchObject(refused(/^advisory_revisions: .* never removed .*: TRUNCATE refused/));
    expect(await attempt(sql`delete from advisories where id = ${walled}`)).toMatchObject(refused(/^advisories: .* never removed .*: DELETE refused/));
    expect(await attempt(sql`truncate advisories cascade`)).toMatchObject(refused(/TRUNCATE refused/));
    expect(await deliveriesOf(walled)).toHaveLength(3);
  });

  it("never changes what was delivered to whom, nor when", async () => {
    const fixed = /^advisory_deliveries: its advisory, company, delivery time and delivered revision never change/;
    expect(await attempt(sql`update advisory_deliveries set organisation_id = ${demoOrgIds.aoba} where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(fixed));
    const other = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from advisories where id <> ${walled} limit 1`))[0]!.id;
    expect(await attempt(sql`update advisory_deliveries set advisory_id = ${other} where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisory_deliveries set delivered_at = delivered_at - interval '1 day' where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisory_deliveries set delivered_revision = 2 where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(fixed));
    expect(await attempt(sql`update advisory_deliveries set id = gen_random_uuid() where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(fixed));
  });

  it("never moves the revision delivered back, nor to one not published, nor backdates it", async () => {
    const moved = /^advisory_deliveries: the revision delivered moves forward only, to a published revision, now/;
    expect(await attempt(sql`update advisory_deliveries set current_revision = 1 where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(moved));
    expect(await attempt(sql`update advisory_deliveries set current_revision = 3, revised_at = now() where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(moved));
    expect(await attempt(sql`update advisory_deliveries set revised_at = now() - interval '1 day' where ${where(demoOrgIds.tsubame)}`)).toMatchObject(refused(moved));
  });

  it("records a first reading once, now, by a user of the company, and the revision read only forward", async () => {
    const once = /^advisory_deliveries: its first reading is recorded once, now, by the reader/;
    expect(await attempt(sql`update advisory_deliveries set first_read_at = now() where ${where(demoOrgIds.hoshino)}`)).toMatchObject(refused(once));
    expect(await attempt(sql`update advisory_deliveries set first_read_by = ${actors[HOSHINO_ADMIN]!.userId} where ${where(demoOrgIds.hoshino)}`)).toMatchObject(refused(once));
    const backdated = sql`update advisory_deliveries set first_read_at = now() - interval '1 day', first_read_by = ${actors[TSUBAME]!.userId}, read_revision = 2 where ${where(demoOrgIds.tsubame)}`;
    expect(await attempt(backdated)).toMatchObject(refused(once));
    const byOutsider = sql`update advisory_deliveries set first_read_at = now(), first_read_by = ${actors[HOSHINO]!.userId}, read_revision = 2 where ${where(demoOrgIds.tsubame)}`;
    expect(await attempt(byOutsider)).toMatchObject(refused(/^advisory_deliveries: only a user of the company reads and acknowledges what it was sent/));
    // The owner may record what the services would record (and nothing is kept: attempts roll back).
    expect(await attempt(sql`update advisory_deliveries set first_read_at = now(), first_read_by = ${actors[TSUBAME]!.userId}, read_revision = 2 where ${where(demoOrgIds.tsubame)} returning id`)).toEqual({ error: null, rows: 1 });
    const forward = /^advisory_deliveries: the revision read moves forward only, up to the revision delivered/;
    expect(await attempt(sql`update advisory_deliveries set read_revision = 1 where ${where(demoOrgIds.hoshino)}`)).toMatchObject(refused(forward));
    expect(await attempt(sql`update advisory_deliveries set read_revision = null where ${where(demoOrgIds.hoshino)}`)).toMatchObject(refused(forward));
    expect(await attempt(sql`update advisory_deliveries set read_revision = 2 where ${where(demoOrgIds.kawasemi)}`)).toMatchObject({ error: null });
    expect(await attempt(sql`update advisory_deliveries set read_revision = 3 where ${where(demoOrgIds.kawasemi)}`)).toMatchObject(refused(forward));
  });

  it("records an acknowledgement of the revision delivered and read, once, now, by a user of the company", async () => {
    const ack = /^advisory_deliveries: an acknowledgement is of the revision delivered, read, once, now, by the reader/;
    const hoshino = where(demoOrgIds.hoshino);
    // Hoshino acknowledged revision 2, the one delivered: again, in another name, with another note, or back to 1.
    expect(await attempt(sql`update advisory_deliveries set acknowledged_at = now(), acknowledged_by = ${actors[HOSHINO]!.userId} where ${hoshino}`)).toMatchObject(refused(ack));
    expect(await attempt(sql`update advisory_deliveries set acknowledgement_note = 'We never saw it.' where ${hoshino}`)).toMatchObject(refused(ack));
    expect(await attempt(sql`update advisory_deliveries set acknowledged_revision = 1 where ${hoshino}`)).toMatchObject(refused(ack));
    expect(await attempt(sql`update advisory_deliveries set acknowledged_at = null, acknowledged_by = null, acknowledged_revision = null, acknowledgement_note = null where ${hoshino}`)).toMatchObject(refused(ack));
    // Kawasemi acknowledged revision 1 and has not read revision 2: not acknowledged unread, nor backdated, nor for another company.
    const kawasemi = where(demoOrgIds.kawasemi);
    const kawasemiUser = actors[KAWASEMI]!.userId;
    expect(await attempt(sql`update advisory_deliveries set acknowledged_at = now(), acknowledged_revision = 2 where ${kawasemi}`)).toMatchObject(refused(ack));
    expect(await attempt(sql`update advisory_deliveries set read_revision = 2, acknowledged_at = now() - interval '1 hour', acknowledged_revision = 2 where ${kawasemi}`)).toMatchObject(refused(ack));
    expect(await attempt(sql`update advisory_deliveries set read_revision = 2, acknowledged_at = now(), acknowledged_by = ${actors[HOSHINO]!.userId}, acknowledged_revision = 2 where ${kawasemi}`)).toMatchObject(
      refused(/only a user of the company/),
    );
    // As the services would record it, but the advisory was withdrawn since: nothing to acknowledge (migration 0042).
    const acknowledge = (where: SQL, revision: number) =>
      sql`update advisory_deliveries set read_revision = ${revision}, acknowledged_at = now(), acknowledged_by = ${kawasemiUser}, acknowledged_revision = ${revision} where ${where} returning id`;
    expect(await attempt(acknowledge(kawasemi, 2))).toMatchObject(refused(/^advisory_deliveries: a withdrawn advisory is not acknowledged/));
    expect(await attempt(acknowledge(kawasemi, 2), actors[KAWASEMI])).toMatchObject(refused(/a withdrawn advisory is not acknowledged/));
    // The same of one still published: recorded.
    const open = await published(magnets({ title: "Still published" }));
    await as(KAWASEMI, (ctx) => getAdvisory({ ctx, input: { id: open } }));
    const openKawasemi = sql`advisory_id = ${open} and organisation_id = ${demoOrgIds.kawasemi}`;
    expect(await attempt(acknowledge(openKawasemi, 1), actors[KAWASEMI])).toEqual({ error: null, rows: 1 });
    // A new revision is delivered on its own.
    expect(await attempt(sql`update advisory_deliveries set current_revision = 3, revised_at = now(), read_revision = 3 where ${kawasemi}`)).toMatchObject(refused(/delivered on its own/));
  });
});

/** The rows a query under the wall as `actor` answers. */
async function rowsBehindWall<T>(actor: Actor, query: SQL): Promise<T[]> {
  return t.database.db.transaction(async (tx) => {
    await enterRowSecurity(tx, actor);
    return rowsOf<T>(await tx.execute(query));
  });
}
const idsBehindWall = async (actor: Actor, query: SQL) => (await rowsBehindWall<{ id: string }>(actor, query)).map((r) => r.id).sort();

describe(`the advisories' row-level security on ${testDatabaseKind()}, with no service in the way`, () => {
  it("shows a company the published advisories the services show it, only their published revisions, and only its own deliveries", async () => {
    const inProgress = await published(magnets({ title: "Being revised", tlp: "GREEN" }));
    const revise = await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: inProgress, revision: { ...magnets({ title: "Draft of revision 2" }), changeSummary: "Not yet." } } }));
    expect(revise.error).toBeNull();
    for (const [email, orgId] of [[HOSHINO, demoOrgIds.hoshino], ["officer@aoba.example", demoOrgIds.aoba]] as const) {
      const actor = (await t.ctxFor(email)).actor!;
      const listed = (await as(email, (ctx) => listAdvisories({ ctx, input: { limit: 100 } }))).value!.items.map((i) => i.id).sort();
      expect(await idsBehindWall(actor, sql`select id from advisories`)).toEqual(listed);
      const revisions = await rowsBehindWall<{ advisory_id: string; number: number; state: string }>(actor, sql`select advisory_id, number, state from advisory_revisions`);
      expect(revisions.every((r) => r.state === "published" && listed.includes(r.advisory_id))).toBe(true);
      const deliveries = await rowsBehindWall<{ organisation_id: string }>(actor, sql`select organisation_id from advisory_deliveries`);
      expect(deliveries.every((d) => d.organisation_id === orgId)).toBe(true);
      if (orgId === demoOrgIds.hoshino) {
        expect(listed).toContain(inProgress);
        expect(revisions.filter((r) => r.advisory_id === inProgress).map((r) => r.number)).toEqual([1]);
        expect(deliveries.length).toBeGreaterThan(0);
      } else {
        expect(listed).not.toContain(inProgress); // TLP:GREEN, delivered to the magnet companies only
      }
    }
  });

  it("shows agency staff their own agency's advisories, with every revision and delivery, and anyone else nothing", async () => {
    const all = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from advisories`)).map((r) => r.id).sort();
    expect(await idsBehindWall(actors[REVIEWER]!, sql`select id from advisories`)).toEqual(all);
    expect(await idsBehindWall(actors[REVIEWER]!, sql`select id from advisory_revisions where state = 'draft'`)).not.toEqual([]);
    const agencyId = randomUUID();
    await t.database.db.insert(organisations).values({ id: agencyId, type: "agency", nameEn: "Another Ministry", nameJa: "別の省" });
    const others: Actor[] = [
      { userId: randomUUID(), orgId: agencyId, orgType: "agency", role: "agency_approver" },
      actors["auditor@oversight.example"]!,
      actors["admin@kakehashi.example"]!,
    ];
    for (const actor of others) {
      for (const table of ["advisories", "advisory_revisions", "advisory_deliveries"]) {
        expect({ role: actor.role, table, ids: await idsBehindWall(actor, sql`select id from ${sql.identifier(table)}`) }).toEqual({ role: actor.role, table, ids: [] });
      }
    }
  });

  it("lets a company's user only read and acknowledge its own deliveries, in their own name, and agency staff only deliver", async () => {
    const officer = actors[HOSHINO]!;
    const tsubame = where(demoOrgIds.tsubame);
    expect(await attempt(sql`update advisory_deliveries set read_revision = 2 where ${tsubame} returning id`, officer)).toEqual({ error: null, rows: 0 });
    expect(await attempt(sql`update advisories set withdrawal_reason = 'x' where id = ${walled} returning id`, officer)).toEqual({ error: null, rows: 0 });
    expect(await attempt(sql`delete from advisory_deliveries where ${where(demoOrgIds.hoshino)}`, officer)).toMatchObject(refused(/^permission denied/));
    expect(await attempt(sql`update advisory_deliveries set organisation_id = ${demoOrgIds.aoba} where ${tsubame}`, officer)).toMatchObject(refused(/^permission denied/));
    const other = await published(magnets({ title: "Read in a colleague's name" }));
    const inName = (userId: string) =>
      sql`update advisory_deliveries set first_read_at = now(), first_read_by = ${userId}, read_revision = 1 where advisory_id = ${other} and organisation_id = ${demoOrgIds.hoshino} returning id`;
    expect(await attempt(inName(actors[HOSHINO_ADMIN]!.userId), officer)).toMatchObject(refused(/once, now, by the reader/));
    expect(await attempt(inName(officer.userId), officer)).toEqual({ error: null, rows: 1 });
    // Agency staff cannot record a company's reading; they deliver only a published revision, now, unread,
    // as the approver publishes it (migration 0043): not one published before, to a company of their choosing.
    expect(await attempt(inName(officer.userId), actors[APPROVER]!)).toMatchObject(refused(/once, now, by the reader/));
    const deliver = (advisory: string, at: SQL) =>
      sql`insert into advisory_deliveries (advisory_id, organisation_id, delivered_at, delivered_revision, current_revision) values (${advisory}, ${demoOrgIds.aoba}, ${at}, 1, 1)`;
    expect(await attempt(deliver(other, sql`now()`), officer)).toMatchObject(refused(/row-level security/));
    expect(await attempt(deliver(other, sql`now() - interval '1 day'`), actors[APPROVER]!)).toMatchObject(refused(/row-level security/));
    const draft = await as(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Never approved" }) }));
    expect(await attempt(deliver(draft.value!.id, sql`now()`), actors[APPROVER]!)).toMatchObject(refused(/row-level security/));
    expect(await attempt(deliver(other, sql`now()`), actors[APPROVER]!)).toMatchObject(refused(/row-level security/));
    expect(await attempt(deliver(other, sql`now()`), actors[REVIEWER]!)).toMatchObject(refused(/row-level security/));
    // Every publication of these tests delivers through the same policy, in the approval's transaction.
    expect((await deliveriesOf(other)).length).toBeGreaterThan(0);
  });
});

// The README's production role (db/production-roles.sql), on a real server only (PGlite has one user).
describe.runIf(testDatabaseKind() === "postgres")("the advisory tables under the application's production role", () => {
  const { db: appDb, as: asApp } = productionRole(() => t);

  it("may not remove advisories or change a delivery's company, and sees no advisory outside the wall", async () => {
    for (const statement of [sql`delete from advisory_deliveries`, sql`truncate advisory_deliveries`, sql`delete from advisories`, sql`truncate advisory_revisions`]) {
      expect(await attempt(statement, undefined, appDb())).toMatchObject(refused(/^permission denied/));
    }
    expect(await attempt(sql`update advisory_deliveries set organisation_id = ${demoOrgIds.aoba}`, undefined, appDb())).toMatchObject(refused(/^permission denied/));
    expect(await attempt(sql`select id from advisories`, undefined, appDb())).toEqual({ error: null, rows: 0 });
  });

  it("publishes, reads, acknowledges and withdraws through the services, and the email worker still cancels a withdrawn advisory's notices", async () => {
    const created = await asApp(REVIEWER, (ctx) => createAdvisory({ ctx, input: magnets({ title: "Under the production role" }) }));
    await asApp(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: created.id } }));
    await asApp(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: created.id } }));
    expect(await asApp(HOSHINO, (ctx) => getAdvisory({ ctx, input: { id: created.id } }))).toMatchObject({ title: "Under the production role" });
    await asApp(HOSHINO, (ctx) => acknowledgeAdvisory({ ctx, input: { id: created.id, acknowledgement: { revision: 1 } } }));
    expect(await delivery(created.id, demoOrgIds.hoshino)).toMatchObject({ readRevision: 1, acknowledgedRevision: 1, acknowledgedBy: actors[HOSHINO]!.userId });
    await asApp(APPROVER, (ctx) => withdrawAdvisory({ ctx, input: { id: created.id, reason: "Issued under the wrong reference." } }));
    const mailer = { transport: "smtp" as const, send: async () => ({ messageId: "<stub>" }), close: () => {} };
    await deliverDueEmails(appDb(), mailer, { ...outboxConfig({ NODE_ENV: "test" }), batchSize: 1000 });
    const notices = rowsOf<{ kind: string; state: string; last_error: string | null }>(
      await t.database.db.execute(sql`select kind, state, last_error from email_outbox where reference->>'advisoryId' = ${created.id}`),
    );
    const publication = notices.filter((n) => n.kind === "advisory.published");
    expect(publication.length).toBeGreaterThan(0);
    expect(publication.every((n) => n.state === "cancelled" && n.last_error === "advisory_withdrawn")).toBe(true);
    expect(notices.filter((n) => n.kind === "advisory.withdrawn").every((n) => n.state === "sent")).toBe(true);
  });
});
