import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, migrationsFolder, rowsOf, type Executor } from "@/db/client";
import { organisations } from "@/db/schema";
import { deliveriesCsv } from "@/lib/advisories/deliveries-csv";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { attemptRolledBack, productionRole, refused, type Attempt } from "@/lib/testing/wall-attempts";
import { acknowledgeAdvisory } from "./acknowledge-advisory";
import { approveAdvisory } from "./approve-advisory";
import type { Actor } from "./context";
import { getAdvisory } from "./get-advisory";
import { enterRowSecurity } from "./internal/row-security";
import { listAdvisoryDeliveries } from "./list-advisory-deliveries";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";

// Every acknowledgement a company gives is kept (migration 0039): acknowledging a newer revision used to
// overwrite the earlier one's time, person and note on the delivery, and the note (the company's own
// statement to the ministry) was in no audit event either. The table only grows, whoever writes (the owner
// too); behind the wall a company adds only the acknowledgement its delivery shows, now, in its user's name.

let t: TestDatabase;
const { as, published, deliveriesOf } = advisoryKit(() => t);
const HOSHINO = "officer@hoshino.example";
const HOSHINO_ADMIN = "admin@hoshino.example";
const KAWASEMI = "officer@kawasemi.example";
const actors: Record<string, Actor> = {};
let twice: string; // published to Hoshino, Kawasemi and Tsubame; Hoshino acknowledged revisions 1 and 2, Kawasemi 1

beforeAll(async () => {
  t = await createTestDatabase();
  for (const email of [HOSHINO, HOSHINO_ADMIN, KAWASEMI, REVIEWER, APPROVER, "auditor@oversight.example", "admin@kakehashi.example"]) {
    actors[email] = (await t.ctxFor(email)).actor!;
  }
});
afterAll(async () => {
  await t?.close();
});

/** Runs `statement` (behind the wall as `actor`, when given, after `before`) in a transaction rolled back afterwards. */
const attempt = (statement: SQL, actor?: Actor, { db = t.database.db as Executor, before }: { db?: Executor; before?: SQL } = {}): Promise<Attempt> =>
  attemptRolledBack(db, statement, async (tx) => {
    if (actor) await enterRowSecurity(tx, actor);
    if (before) await tx.execute(before);
  });
const deliveryOf = async (id: string, orgId: string) => (await deliveriesOf(id)).find((d) => d.organisationId === orgId)!;
const acknowledge = (email: string, id: string, acknowledgement: { note?: string; revision?: number }) =>
  as(email, (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement } }));

describe(`acknowledgements on ${testDatabaseKind()}: each one kept, with its note`, () => {
  it("keeps both notes when a company acknowledges revision 1, then revision 2, and shows them in order to the company and the agency", async () => {
    twice = await published(magnets({ title: "Acknowledged twice" }));
    expect((await acknowledge(HOSHINO, twice, { note: "Stock covers 40 days.", revision: 1 })).error).toBeNull();
    expect((await acknowledge(KAWASEMI, twice, { revision: 1 })).error).toBeNull();
    const revised = await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id: twice, revision: { ...magnets({ title: "Acknowledged twice, revised" }), changeSummary: "Licences now refused." } } }));
    expect(revised.error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id: twice } }))).error).toBeNull();
    expect((await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id: twice, approval: { revision: 2 } } }))).error).toBeNull();
    const second = await acknowledge(HOSHINO_ADMIN, twice, { note: "Second source qualified; orders moved.", revision: 2 });
    expect(second.error).toBeNull();

    const first = { revision: 1, at: expect.any(String), by: "Haruka Sato", note: "Stock covers 40 days." };
    const latest = { revision: 2, at: expect.any(String), by: "Takeshi Hoshino", note: "Second source qualified; orders moved." };
    // The company: the latest on its delivery, as before, and both in order.
    expect(second.value!.delivery).toMatchObject({ acknowledgedRevision: 2, acknowledgementNote: latest.note, acknowledgedBy: latest.by, acknowledgements: [first, latest] });
    const page = await as(HOSHINO, (ctx) => getAdvisory({ ctx, input: { id: twice } }));
    expect(page.value!.delivery!.acknowledgements).toEqual([first, latest]);
    const [a1, a2] = page.value!.delivery!.acknowledgements;
    expect(a1!.at < a2!.at).toBe(true);
    expect(a2!.at).toBe(page.value!.delivery!.acknowledgedAt);

    // The agency: the deliveries list, and its CSV, one row per company with the earlier acknowledgement in its last column.
    const listed = await as(REVIEWER, (ctx) => listAdvisoryDeliveries({ ctx, input: { id: twice } }));
    const rows = listed.value!.items;
    expect(rows.find((r) => r.company.id === demoOrgIds.hoshino)).toMatchObject({ acknowledgedRevision: 2, acknowledgementNote: latest.note, acknowledgements: [first, latest] });
    expect(rows.find((r) => r.company.id === demoOrgIds.kawasemi)!.acknowledgements).toEqual([{ revision: 1, at: expect.any(String), by: "Daichi Kobayashi", note: null }]);
    expect(rows.find((r) => r.company.id === demoOrgIds.tsubame)!.acknowledgements).toEqual([]);
    const csv = deliveriesCsv(rows).split("\r\n");
    expect(csv[0]).toMatch(/,acknowledged_revision,note,earlier_acknowledgements$/);
    const hoshinoLine = csv.find((line) => line.startsWith(demoOrgIds.hoshino))!;
    expect(hoshinoLine).toContain(`,Takeshi Hoshino,2,Second source qualified; orders moved.,"revision 1, ${a1!.at}, Haruka Sato: Stock covers 40 days."`);
    expect(csv.find((line) => line.startsWith(demoOrgIds.kawasemi))).toMatch(/,Daichi Kobayashi,1,,$/);
    expect(csv.filter((line) => line !== "")).toHaveLength(1 + rows.length);
  });

  it("shows another company none of it, nor anyone outside the advisory's agency", async () => {
    const kawasemi = await as(KAWASEMI, (ctx) => getAdvisory({ ctx, input: { id: twice } }));
    expect(kawasemi.value!.delivery!.acknowledgements).toEqual([{ revision: 1, at: expect.any(String), by: "Daichi Kobayashi", note: null }]);
    const hoshinoRows = sql`select id from advisory_acknowledgements where organisation_id = ${demoOrgIds.hoshino}`;
    expect(await attempt(hoshinoRows)).toEqual({ error: null, rows: 2 });
    expect(await attempt(hoshinoRows, actors[HOSHINO_ADMIN]!)).toEqual({ error: null, rows: 2 });
    expect(await attempt(hoshinoRows, actors[REVIEWER]!)).toEqual({ error: null, rows: 2 });
    const agencyId = randomUUID();
    await t.database.db.insert(organisations).values({ id: agencyId, type: "agency", nameEn: "Another Ministry", nameJa: "別の省" });
    const outsiders: Actor[] = [
      actors[KAWASEMI]!,
      { userId: randomUUID(), orgId: agencyId, orgType: "agency", role: "agency_approver" },
      actors["auditor@oversight.example"]!,
      actors["admin@kakehashi.example"]!,
    ];
    for (const actor of outsiders) {
      expect({ role: actor.role, seen: await attempt(hoshinoRows, actor) }).toEqual({ role: actor.role, seen: { error: null, rows: 0 } });
    }
  });
});

describe(`acknowledgements on ${testDatabaseKind()}: what the database refuses`, () => {
  it("never changes nor removes one, to anyone, the owner included", async () => {
    const kept = /^advisory_acknowledgements: an acknowledgement is .* kept as given: (UPDATE|DELETE|TRUNCATE) refused/;
    expect(await attempt(sql`update advisory_acknowledgements set note = 'We never said that.' where organisation_id = ${demoOrgIds.hoshino}`)).toMatchObject(refused(kept));
    expect(await attempt(sql`update advisory_acknowledgements set acknowledged_at = acknowledged_at - interval '1 day'`)).toMatchObject(refused(kept));
    expect(await attempt(sql`delete from advisory_acknowledgements where organisation_id = ${demoOrgIds.hoshino}`)).toMatchObject(refused(kept));
    expect(await attempt(sql`truncate advisory_acknowledgements`)).toMatchObject(refused(kept));
    // Behind the wall the role holds no such privilege at all.
    for (const statement of [sql`update advisory_acknowledgements set note = null`, sql`delete from advisory_acknowledgements`, sql`truncate advisory_acknowledgements`]) {
      expect(await attempt(statement, actors[HOSHINO]!)).toMatchObject(refused(/^permission denied/));
    }
    expect((await deliveryOf(twice, demoOrgIds.hoshino)).acknowledgedRevision).toBe(2);
    expect(await attempt(sql`select id from advisory_acknowledgements where organisation_id = ${demoOrgIds.hoshino}`)).toEqual({ error: null, rows: 2 });
  });

  it("lets a company's user add only the acknowledgement its delivery shows, now, in their own name, for their own company", async () => {
    const id = await published(magnets({ title: "Acknowledged behind the wall" }));
    const officer = actors[HOSHINO]!;
    const hoshino = await deliveryOf(id, demoOrgIds.hoshino);
    expect((await acknowledge(KAWASEMI, id, { note: "Kawasemi's own." })).error).toBeNull();
    const kawasemi = await deliveryOf(id, demoOrgIds.kawasemi);
    // What acknowledgeAdvisory writes first: the delivery's acknowledgement, now, by the officer.
    const acknowledged = sql`update advisory_deliveries set first_read_at = now(), first_read_by = ${officer.userId}, read_revision = 1,
      acknowledged_at = now(), acknowledged_by = ${officer.userId}, acknowledged_revision = 1, acknowledgement_note = 'Seen.' where id = ${hoshino.id}`;
    const insert = (d: { id: string; organisationId: string }, by: string, { revision = 1, at = sql`now()`, note = "Seen." }: { revision?: number; at?: SQL; note?: string | null } = {}) =>
      sql`insert into advisory_acknowledgements (delivery_id, advisory_id, organisation_id, revision, acknowledged_at, acknowledged_by, note)
        values (${d.id}, ${id}, ${d.organisationId}, ${revision}, ${at}, ${by}, ${note}) returning id`;
    const wall = /row-level security/;
    expect(await attempt(insert(hoshino, officer.userId), officer, { before: acknowledged })).toEqual({ error: null, rows: 1 });
    // In a colleague's name, for another company, for another company's delivery, or as Hoshino's before its delivery shows it.
    expect(await attempt(insert(hoshino, actors[HOSHINO_ADMIN]!.userId), officer, { before: acknowledged })).toMatchObject(refused(wall));
    expect(await attempt(insert(kawasemi, officer.userId), officer, { before: acknowledged })).toMatchObject(refused(wall));
    expect(await attempt(insert(kawasemi, actors[KAWASEMI]!.userId, { note: "Kawasemi's own." }), officer, { before: acknowledged })).toMatchObject(refused(wall));
    // Whoever inserts (the owner too), an acknowledgement is of one delivery, to its company.
    const notOfDelivery = { error: { code: "23503", message: expect.stringMatching(/^advisory_acknowledgements: an acknowledgement is of a delivery/) } };
    expect(await attempt(insert({ id: kawasemi.id, organisationId: demoOrgIds.hoshino }, officer.userId), officer, { before: acknowledged })).toMatchObject(notOfDelivery);
    expect(await attempt(insert({ id: kawasemi.id, organisationId: demoOrgIds.hoshino }, officer.userId))).toMatchObject(notOfDelivery);
    expect(await attempt(insert({ id: randomUUID(), organisationId: demoOrgIds.hoshino }, officer.userId))).toMatchObject(notOfDelivery);
    expect(await attempt(insert(hoshino, officer.userId), officer)).toMatchObject(refused(wall));
    // Not what the delivery shows: another note, another revision, another time.
    expect(await attempt(insert(hoshino, officer.userId, { note: "We acted at once." }), officer, { before: acknowledged })).toMatchObject(refused(wall));
    expect(await attempt(insert(hoshino, officer.userId, { note: null }), officer, { before: acknowledged })).toMatchObject(refused(wall));
    expect(await attempt(insert(hoshino, officer.userId, { revision: 2 }), officer, { before: acknowledged })).toMatchObject(refused(wall));
    expect(await attempt(insert(hoshino, officer.userId, { at: sql`now() - interval '1 day'` }), officer, { before: acknowledged })).toMatchObject(refused(wall));
    // Agency staff add none.
    expect(await attempt(insert(kawasemi, actors[KAWASEMI]!.userId, { note: "Kawasemi's own." }), actors[APPROVER]!)).toMatchObject(refused(wall));
    // Nothing was kept but Kawasemi's own, through the service.
    expect(await attempt(sql`select id from advisory_acknowledgements where advisory_id = ${id}`)).toEqual({ error: null, rows: 1 });
  });
});

describe(`migration 0039 on ${testDatabaseKind()}`, () => {
  const folders: string[] = [];
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("copies in the acknowledgement each delivery held", async () => {
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const folder = mkdtempSync(path.join(tmpdir(), "kh-migrations-"));
    folders.push(folder);
    cpSync(migrationsFolder, folder, { recursive: true });
    const upTo = journal.entries.findIndex((e) => e.tag === "0038_advisory_guard_change");
    writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo + 1) }));
    const old = await createTestDatabase({ migrate: false });
    databases.push(old);
    await migrateDatabase(old.database, folder);
    const [agency, company, user, advisory] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const statement of [
      sql`insert into organisations (id, type, name_en, name_ja, corporate_number) values (${agency}, 'agency', 'A Ministry', '省', null), (${company}, 'company', 'A Company', '会社', '9990000000001')`,
      sql`insert into users (id, email, display_name) values (${user}, 'someone@company.example', 'Some One')`,
      sql`insert into advisories (id, agency_id, reference, status, published_revision, created_by, first_published_at, last_published_at)
        values (${advisory}, ${agency}, 'KH-ADV-OLD-1', 'published', 1, ${user}, now(), now())`,
      sql`insert into advisory_deliveries (advisory_id, organisation_id, delivered_at, delivered_revision, current_revision, read_revision,
        acknowledged_at, acknowledged_by, acknowledged_revision, acknowledgement_note) values (${advisory}, ${company}, now(), 1, 1, 1, '2026-01-02T03:04:05Z', ${user}, 1, 'Kept.')`,
    ]) {
      await old.database.db.execute(statement);
    }
    await migrateDatabase(old.database);
    const rows = rowsOf<{ organisation_id: string; revision: number; at: string; acknowledged_by: string; note: string }>(
      await old.database.db.execute(sql`select organisation_id, revision, to_char(acknowledged_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at, acknowledged_by, note from advisory_acknowledgements`),
    );
    expect(rows).toEqual([{ organisation_id: company, revision: 1, at: "2026-01-02T03:04:05", acknowledged_by: user, note: "Kept." }]);
  });
});

// The README's production role (db/production-roles.sql), on a real server only (PGlite has one user).
describe.runIf(testDatabaseKind() === "postgres")("acknowledgements under the application's production role", () => {
  const { db: appDb, as: asApp } = productionRole(() => t);

  it("reads and adds them through the services, and may not change or remove one", async () => {
    const id = await published(magnets({ title: "Acknowledged under the production role" }));
    const view = await asApp(HOSHINO, (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { note: "Through the app.", revision: 1 } } }));
    expect(view.delivery!.acknowledgements).toEqual([{ revision: 1, at: expect.any(String), by: "Haruka Sato", note: "Through the app." }]);
    for (const statement of [sql`update advisory_acknowledgements set note = null`, sql`delete from advisory_acknowledgements`, sql`truncate advisory_acknowledgements`]) {
      expect(await attempt(statement, undefined, { db: appDb() })).toMatchObject(refused(/^permission denied/));
    }
    const [grants] = rowsOf<Record<string, boolean>>(
      await t.database.db.execute(sql`select has_table_privilege('kakehashi_app', 'advisory_acknowledgements', 'SELECT') as select,
        has_table_privilege('kakehashi_app', 'advisory_acknowledgements', 'INSERT') as insert,
        has_table_privilege('kakehashi_app', 'advisory_acknowledgements', 'UPDATE') as update,
        has_table_privilege('kakehashi_app', 'advisory_acknowledgements', 'DELETE') as delete,
        has_table_privilege('kakehashi_app', 'advisory_acknowledgements', 'TRUNCATE') as truncate`),
    );
    expect(grants).toEqual({ select: true, insert: true, update: false, delete: false, truncate: false });
  });
});
