import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Tx } from "@/db/client";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import type { ExposureItem } from "@/lib/schemas/disclosure";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { createDisclosure } from "./create-disclosure";
import { getDisclosure } from "./get-disclosure";
import { enterRowSecurity } from "./internal/row-security";
import { listDisclosures } from "./list-disclosures";
import { reviewDisclosure } from "./review-disclosure";
import { submitDisclosure } from "./submit-disclosure";
import { updateDisclosure } from "./update-disclosure";

// The second wall with the services out of the way (migration 0031): what a user may read of the disclosure
// tables under app_rls is not what they may write, and a company's unsubmitted working copy is its own.
// And the two walls agree on who reaches a company (migration 0032).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const magnets: ExposureItem = { productCode: "permanent_magnets", stage: "component", supplierCountry: "CN", sharePercent: 60, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false };

/** Runs `work` in a transaction behind the wall as `email` would, rolled back afterwards whatever it did. */
async function asWall<T>(email: string, work: (tx: Tx) => Promise<T>, breakGlass?: string): Promise<T> {
  const ctx = await t.ctxFor(email);
  let result: T;
  const rollback = new Error("rollback");
  await t.database.db
    .transaction(async (tx) => {
      await enterRowSecurity(tx, ctx.actor!, breakGlass);
      result = await work(tx);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return result!;
}

/** The statement's error under the wall as `email`, or null when PostgreSQL took it. */
const refusalOf = (email: string, statement: SQL | SQL[], breakGlass?: string) =>
  asWall(
    email,
    async (tx) => {
      try {
        for (const each of Array.isArray(statement) ? statement : [statement]) await tx.execute(each);
        return null;
      } catch (error) {
        return String((error as { cause?: unknown }).cause ?? error);
      }
    },
    breakGlass,
  );

const latestVersionId = async (disclosureId: string) =>
  rowsOf<{ id: string }>(await t.database.db.execute(sql`select v.id from disclosure_versions v join disclosures d on d.id = v.disclosure_id and v.number = d.latest_version where d.id = ${disclosureId}`))[0]!.id;

const itemRow = (versionId: string, disclosureId: string, orgId: string) =>
  sql`insert into exposure_items (version_id, disclosure_id, organisation_id, position, product_code, stage, supplier_country, share_percent, inventory_days, alternative_suppliers, single_source)
      values (${versionId}, ${disclosureId}, ${orgId}, 99, 'permanent_magnets', 'component', 'CN', 10, 1, 0, false)`;

describe("a working copy sent back for changes", () => {
  it("is nowhere an official who reviews the company can read, though the company reads it", async () => {
    const marker = `amendment-${randomUUID()}`;
    const officer = (call: Parameters<typeof callAs>[2]) => callAs(t, "officer@hoshino.example", call);
    const created = await officer((ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2033-H1", items: [magnets] } }));
    const id = (created.value as { id: string }).id;
    expect((await officer((ctx) => submitDisclosure({ ctx, input: { id } }))).error).toBeNull();
    const sentBack = await callAs(t, "reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "request_changes", comment: "Name the second source." } } }));
    expect(sentBack.error).toBeNull();
    const amended = await officer((ctx) => updateDisclosure({ ctx, input: { id, revision: 2, changes: { items: [{ ...magnets, material: marker }], notes: marker } } }));
    expect(amended.error).toBeNull();

    // Every table app_rls may read, every row of it as text: where does the marker appear?
    const tables = rowsOf<{ name: string }>(
      await t.database.db.execute(sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and has_table_privilege('app_rls', c.oid, 'SELECT') order by 1`),
    ).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["disclosures", "exposure_items"]));
    const holding = (email: string) =>
      asWall(email, async (tx) => {
        const found: string[] = [];
        for (const table of tables) {
          const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)} t where t::text like ${`%${marker}%`}`));
          if (row!.n > 0) found.push(table);
        }
        return found;
      });
    expect(await holding("officer@hoshino.example")).toEqual(["disclosure_working_copies"]);
    // The reviewer reads the disclosure itself (the wall lets them), but not what is being amended.
    expect(rowsOf(await asWall("reviewer@esb.example", (tx) => tx.execute(sql`select id from disclosures where id = ${id}`)))).toHaveLength(1);
    expect(await holding("reviewer@esb.example")).toEqual([]);
    expect(await holding("approver@esb.example")).toEqual([]);
  });
});

describe("writing behind the wall", () => {
  const hoshinoH1 = demoDisclosureIds.hoshinoH1;
  const reviewer = "reviewer@esb.example";
  const officer = "officer@hoshino.example";
  const rlsRefusal = /row-level security/;

  it("lets no official write a company's versions or exposure items, though the official reads them", async () => {
    expect(rowsOf(await asWall(reviewer, (tx) => tx.execute(sql`select id from exposure_items where disclosure_id = ${hoshinoH1}`))).length).toBeGreaterThan(0);
    const reviewerId = (await t.ctxFor(reviewer)).actor!.userId;
    expect(
      await refusalOf(reviewer, sql`insert into disclosure_versions (disclosure_id, organisation_id, number, submitted_by) values (${hoshinoH1}, ${demoOrgIds.hoshino}, 2, ${reviewerId})`),
    ).toMatch(rlsRefusal);
    expect(await refusalOf(reviewer, itemRow(await latestVersionId(hoshinoH1), hoshinoH1, demoOrgIds.hoshino))).toMatch(rlsRefusal);
    expect(
      await refusalOf(reviewer, sql`insert into disclosures (organisation_id, reporting_period, created_by, updated_by) values (${demoOrgIds.hoshino}, '2034-H1', ${reviewerId}, ${reviewerId})`),
    ).toMatch(rlsRefusal);
  });

  it("lets a company add items to no version but the one it is submitting, and review nothing", async () => {
    // Version 1 of Hoshino's 2026-H1 disclosure was submitted long ago: it takes no further item.
    expect(await refusalOf(officer, itemRow(await latestVersionId(hoshinoH1), hoshinoH1, demoOrgIds.hoshino))).toMatch(rlsRefusal);
    const officerId = (await t.ctxFor(officer)).actor!.userId;
    // A disclosure under review is not the company's to version again.
    expect(
      await refusalOf(officer, sql`insert into disclosure_versions (disclosure_id, organisation_id, number, submitted_by) values (${hoshinoH1}, ${demoOrgIds.hoshino}, 2, ${officerId})`),
    ).toMatch(rlsRefusal);
    expect(
      await refusalOf(
        officer,
        sql`insert into disclosure_reviews (disclosure_id, organisation_id, version_number, reviewer_id, decision, comment) values (${hoshinoH1}, ${demoOrgIds.hoshino}, 1, ${officerId}, 'accept', '')`,
      ),
    ).toMatch(rlsRefusal);
    // Nor another company's working copy, nor deleting a disclosure of its own.
    expect(await refusalOf(officer, sql`insert into disclosure_working_copies (disclosure_id, organisation_id) values (${demoDisclosureIds.aobaH1}, ${demoOrgIds.aoba})`)).toMatch(
      rlsRefusal,
    );
    const deleted = await asWall(officer, async (tx) => rowsOf(await tx.execute(sql`delete from disclosures where id = ${demoDisclosureIds.hoshinoH2} returning id`)));
    expect(deleted).toEqual([]);
  });

  it("lets an official review only in their own name, and only what they may read", async () => {
    const approverId = (await t.ctxFor("approver@esb.example")).actor!.userId;
    const review = (reviewerId: string, disclosureId: string, orgId: string) =>
      sql`insert into disclosure_reviews (disclosure_id, organisation_id, version_number, reviewer_id, decision, comment) values (${disclosureId}, ${orgId}, 1, ${reviewerId}, 'comment', 'x')`;
    expect(await refusalOf(reviewer, review(approverId, hoshinoH1, demoOrgIds.hoshino))).toMatch(rlsRefusal);
    // reviewer2 declared a conflict with Hoshino: its disclosure is not theirs to review.
    const recusedId = (await t.ctxFor("reviewer2@esb.example")).actor!.userId;
    expect(await refusalOf("reviewer2@esb.example", review(recusedId, hoshinoH1, demoOrgIds.hoshino))).toMatch(rlsRefusal);
    // The reviewer's own comment on the latest version of a disclosure they reach is the wall's to take.
    const reviewerId = (await t.ctxFor(reviewer)).actor!.userId;
    expect(await refusalOf(reviewer, review(reviewerId, hoshinoH1, demoOrgIds.hoshino))).toBeNull();
  });
});

describe("changing a disclosure behind the wall", () => {
  const hoshinoH1 = demoDisclosureIds.hoshinoH1; // submitted, version 1
  const hoshinoPrev = demoDisclosureIds.hoshinoPrev; // accepted
  const officer = "officer@hoshino.example";
  const reviewer = "reviewer@esb.example";
  const refused = /row-level security|permission denied|may not change/;
  const userIdOf = async (email: string) => (await t.ctxFor(email)).actor!.userId;
  const set = async (email: string, id: string, assignments: SQL) =>
    sql`update disclosures set ${assignments}, updated_by = ${await userIdOf(email)} where id = ${id} returning id`;

  it("lets a company neither accept its own disclosure, nor reopen a submitted version, nor rename it", async () => {
    expect(await refusalOf(officer, await set(officer, hoshinoH1, sql`status = 'accepted'`))).toMatch(refused);
    // Moving latest_version back would make version 1 "the next" again, open to new items.
    expect(
      await refusalOf(officer, [
        await set(officer, hoshinoH1, sql`latest_version = latest_version - 1, status = 'changes_requested'`),
        itemRow(await latestVersionId(hoshinoH1), hoshinoH1, demoOrgIds.hoshino),
      ]),
    ).toMatch(refused);
    expect(await refusalOf(officer, await set(officer, hoshinoPrev, sql`status = 'changes_requested'`))).toMatch(refused);
    expect(await refusalOf(officer, await set(officer, hoshinoH1, sql`reporting_period = '2020-H1'`))).toMatch(refused);
    // A new disclosure starts as a draft of the company's own user, never further on.
    const officerId = await userIdOf(officer);
    expect(
      await refusalOf(
        officer,
        sql`insert into disclosures (organisation_id, reporting_period, status, latest_version, created_by, updated_by) values (${demoOrgIds.hoshino}, '2034-H2', 'accepted', 1, ${officerId}, ${officerId})`,
      ),
    ).toMatch(refused);
    // Its own moves go through: a withdrawal.
    expect(await refusalOf(officer, await set(officer, hoshinoH1, sql`status = 'withdrawn', revision = revision + 1`))).toBeNull();
  });

  it("lets an official move only a disclosure under review, only to a decision, and not under break-glass", async () => {
    expect(await refusalOf(reviewer, await set(reviewer, hoshinoPrev, sql`status = 'under_review'`))).toMatch(refused);
    expect(await refusalOf(reviewer, await set(reviewer, hoshinoH1, sql`latest_version = 0`))).toMatch(refused);
    expect(await refusalOf(reviewer, await set(reviewer, hoshinoH1, sql`status = 'accepted', revision = revision + 5`))).toMatch(refused);
    expect(await refusalOf(reviewer, await set(reviewer, hoshinoH1, sql`status = 'accepted'`))).toBeNull();
    // A break-glass opening reads; it changes nothing, nor reviews.
    const approver = "approver@esb.example";
    const approverId = await userIdOf(approver);
    const update = await set(approver, hoshinoH1, sql`status = 'accepted'`);
    expect(await asWall(approver, async (tx) => rowsOf(await tx.execute(update)), hoshinoH1)).toEqual([]); // no row it may change
    expect(
      await refusalOf(
        approver,
        sql`insert into disclosure_reviews (disclosure_id, organisation_id, version_number, reviewer_id, decision, comment) values (${hoshinoH1}, ${demoOrgIds.hoshino}, 1, ${approverId}, 'comment', 'x')`,
        hoshinoH1,
      ),
    ).toMatch(refused);
    expect(await refusalOf(approver, await set(approver, hoshinoH1, sql`status = 'accepted'`))).toBeNull();
  });
});

describe("the two walls on a product outside the company's profile", () => {
  it("let the official of a product the company filed on, though its profile does not list it, review the disclosure", async () => {
    // Minato's profile lists antimicrobials only; reviewer@esb is assigned gallium, not antimicrobials.
    const gallium: ExposureItem = { ...magnets, productCode: "crm_gallium", stage: "raw_material", supplierCountry: "CN", sharePercent: 40 };
    const officer = (call: Parameters<typeof callAs>[2]) => callAs(t, "officer@minato.example", call);
    const created = await officer((ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2033-H2", items: [{ ...magnets, productCode: "antimicrobials" }, gallium] } }));
    const id = (created.value as { id: string }).id;
    expect((await officer((ctx) => submitDisclosure({ ctx, input: { id } }))).error).toBeNull();

    const read = await callAs(t, "reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id } }));
    expect(read.error).toBeNull();
    expect(read.value).toMatchObject({ id, status: "submitted" });
    const queue = await callAs(t, "reviewer@esb.example", (ctx) => listDisclosures({ ctx, input: { queue: "true", limit: "100" } }));
    expect(queue.value!.items.map((d) => d.id)).toContain(id);
    const reviewed = await callAs(t, "reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "comment", comment: "Gallium noted." } } }));
    expect(reviewed.error).toBeNull();
  });
});
