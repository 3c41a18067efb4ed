import { and, eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { organisationProducts } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets, REVIEWER } from "@/lib/testing/advisory-fixtures";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { attemptRolledBack, refused } from "@/lib/testing/wall-attempts";
import { whileBlocked } from "@/lib/testing/while-held";
import { acknowledgeAdvisory } from "./acknowledge-advisory";
import { approveAdvisory } from "./approve-advisory";
import { ConflictError } from "./errors";
import type { Actor } from "./context";
import { computeReach } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { requestAdvisoryApproval } from "./request-advisory-approval";
import { reviseAdvisory } from "./revise-advisory";

// Which companies an advisory reaches is one rule, the database's advisory_reach (migration 0047): the
// approval delivers to exactly what it answers, and behind the wall no delivery is written, nor moved on to
// a later revision, for a company outside the reach of the revision it carries — not even in the approving
// transaction, by its approver, which is all the insert policy of 0043 asks.

let t: TestDatabase;
const { as, pending, published, deliveriesOf } = advisoryKit(() => t);
let approver: Actor;
beforeAll(async () => {
  t = await createTestDatabase();
  approver = (await t.ctxFor(APPROVER)).actor!;
});
afterAll(async () => {
  await t?.close();
});

const outsideReach = refused(/^advisory_deliveries: a revision is delivered only to a company its targets reach \(advisory .*, revision \d+, company /);
const sorted = (ids: string[]) => [...ids].sort();
/** The approval's own writes (migration 0038's moves), as the approver: `number` published now, and its advisory with it. */
const approving = (id: string, number: number) => [
  sql`update advisory_revisions set state = 'published', approved_by = ${approver.userId}, published_at = now() where advisory_id = ${id} and number = ${number}`,
  sql`update advisories set status = 'published', published_revision = ${number}, first_published_at = coalesce(first_published_at, now()),
    last_published_at = now(), version = version + 1 where id = ${id}`,
];
/** `statement` after `first`, in the approver's transaction behind the wall, rolled back afterwards. */
const inApproval = (first: SQL[], statement: SQL) =>
  attemptRolledBack(t.database.db, statement, async (tx) => {
    await enterRowSecurity(tx, approver);
    for (const s of first) await tx.execute(s);
  });
const deliver = (id: string, company: string) =>
  sql`insert into advisory_deliveries (advisory_id, organisation_id, delivered_at, delivered_revision, current_revision) values (${id}, ${company}, now(), 1, 1) returning id`;

describe(`advisories on ${testDatabaseKind()}: the reach, one rule`, () => {
  it("refuses a delivery its approver inserts in the approving transaction to a company the targets do not reach", async () => {
    const id = await pending(magnets({ title: "Magnets, and a company that makes none" }));
    // Aoba deals in no magnets: the insert policy of 0043 alone let this through.
    expect(await inApproval(approving(id, 1), deliver(id, demoOrgIds.aoba))).toMatchObject(outsideReach);
    // Within the reach, in the same transaction: allowed.
    expect(await inApproval(approving(id, 1), deliver(id, demoOrgIds.hoshino))).toEqual({ error: null, rows: 1 });
    // Among others within the reach, in one statement, as the approval writes them.
    const several = sql`insert into advisory_deliveries (advisory_id, organisation_id, delivered_at, delivered_revision, current_revision)
      select ${id}::uuid, company, now(), 1, 1 from unnest(array[${demoOrgIds.hoshino}, ${demoOrgIds.aoba}, ${demoOrgIds.kawasemi}]::uuid[]) as company`;
    expect(await inApproval(approving(id, 1), several)).toMatchObject(outsideReach);
  });

  it("refuses to carry a later revision to a company it no longer reaches, and lets a read and an acknowledgement through whatever the reach is now", async () => {
    const id = await published(magnets({ title: "Magnets, then gallium from China" }));
    expect(sorted((await deliveriesOf(id)).map((d) => d.organisationId))).toEqual(sorted([demoOrgIds.hoshino, demoOrgIds.kawasemi, demoOrgIds.tsubame]));
    // By supplier country, the narrowing is checked at approval only (the sending check would tell what companies disclose).
    const narrowed = { ...magnets({ title: "Gallium from China", targets: { products: ["crm_gallium"], countries: ["CN"], organisations: [] } }), changeSummary: "Gallium now." };
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: narrowed } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    const carried = sql`update advisory_deliveries set current_revision = 2, revised_at = now() where advisory_id = ${id} and current_revision < 2 returning id`;
    expect(await inApproval(approving(id, 2), carried)).toMatchObject(outsideReach);
    // A company that has stopped dealing in magnets since still reads and acknowledges what it was sent.
    await t.database.db.delete(organisationProducts).where(and(eq(organisationProducts.organisationId, demoOrgIds.hoshino), eq(organisationProducts.productCode, "permanent_magnets")));
    try {
      const acknowledged = await as("officer@hoshino.example", (ctx) => acknowledgeAdvisory({ ctx, input: { id, acknowledgement: { revision: 1 } } }));
      expect(acknowledged.error).toBeNull();
    } finally {
      await t.database.db.insert(organisationProducts).values({ organisationId: demoOrgIds.hoshino, productCode: "permanent_magnets" });
    }
  });

  it("refuses an approval 409 when the reach changes under it, after it read the reach, and publishes nothing", async () => {
    const id = await published(magnets({ title: "Magnets, revised while Hoshino leaves the trade" }));
    const again = { ...magnets({ title: "Magnets, revised" }), changeSummary: "Revised." };
    expect((await as(REVIEWER, (ctx) => reviseAdvisory({ ctx, input: { id, revision: again } }))).error).toBeNull();
    expect((await as(REVIEWER, (ctx) => requestAdvisoryApproval({ ctx, input: { id } }))).error).toBeNull();
    const magnetsOfHoshino = and(eq(organisationProducts.organisationId, demoOrgIds.hoshino), eq(organisationProducts.productCode, "permanent_magnets"));
    try {
      // Hoshino stops dealing in magnets, in a transaction that also holds its delivery: the approval reads the
      // reach with Hoshino in it, then waits to carry revision 2 to Hoshino, and the reach has changed.
      const { second, waits } = await whileBlocked(
        t.database,
        async (tx) => {
          await tx.delete(organisationProducts).where(magnetsOfHoshino);
          await tx.execute(sql`select id from advisory_deliveries where advisory_id = ${id} and organisation_id = ${demoOrgIds.hoshino} for update`);
        },
        () => as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } })),
      );
      expect(second.error).toBeInstanceOf(ConflictError);
      expect((second.error as ConflictError).message).toMatch(/^Which companies the targets reach changed while this approval was being made|^The targets of this revision no longer reach/);
      if (testDatabaseKind() === "postgres") expect(waits).toHaveLength(1);
      expect((await deliveriesOf(id)).map((d) => d.currentRevision)).toEqual([1, 1, 1]);
    } finally {
      await t.database.db.insert(organisationProducts).values({ organisationId: demoOrgIds.hoshino, productCode: "permanent_magnets" }).onConflictDoNothing();
    }
  });

  it("delivers at approval to exactly the companies advisory_reach answers, which is what the preview and the sending check ask too", async () => {
    const targets = { products: ["storage_batteries" as const], countries: [], sectors: ["jsic_e16" as const], organisations: [demoOrgIds.tsubame] };
    const id = await published(magnets({ title: "Batteries, a sector and a named company", targets }));
    const reach = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id::text from advisory_reach(${JSON.stringify(targets)}::jsonb) as reach(id)`)).map((r) => r.id);
    // Kawasemi deals in batteries, Aoba and Minato are of the sector, Tsubame is named; Hoshino is none of these.
    expect(sorted(reach)).toEqual(sorted([demoOrgIds.kawasemi, demoOrgIds.aoba, demoOrgIds.minato, demoOrgIds.tsubame]));
    expect(sorted((await deliveriesOf(id)).map((d) => d.organisationId))).toEqual(sorted(reach));
    expect(sorted((await computeReach(t.database.db, targets)).map((c) => c.id))).toEqual(sorted(reach));
  });

  it("is asked behind the wall by agency staff only: a company learns nothing of who disclosed an exposure to a country (migration 0051)", async () => {
    const byCountry = JSON.stringify({ products: ["crm_gallium"], countries: ["CN"] });
    const asking = async (email: string, statement: SQL) => {
      const actor = (await t.ctxFor(email)).actor!;
      return attemptRolledBack(t.database.db, statement, (tx) => enterRowSecurity(tx, actor));
    };
    const reachOf = sql`select * from advisory_reach(${byCountry}::jsonb)`;
    for (const email of ["officer@hoshino.example", "admin@hoshino.example", "admin@kakehashi.example", "auditor@oversight.example"]) {
      expect(await asking(email, reachOf), email).toMatchObject(refused(/^advisory_reach: only agency staff ask which companies targets reach \(not [a-z_]+\)$/));
      // Nor the exposure lookup it draws on, asked directly.
      expect(await asking(email, sql`select * from advisory_exposed_companies(array['crm_gallium'], array['CN'])`), email).toMatchObject(refused(/advisory_exposed_companies/));
    }
    for (const email of [REVIEWER, APPROVER]) expect(await asking(email, reachOf), email).toEqual({ error: null, rows: 1 });
  });
});
