import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Executor } from "@/db/client";
import { organisationProducts, organisations, productAssignments } from "@/db/schema";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { enterRowSecurity } from "./internal/row-security";

// The second wall's cost must follow the rows a statement checks, not the number of companies an official
// reaches (migration 0016): a read of one disclosure, its versions, items and reviews under the wall of
// a reviewer who reaches many companies reads a handful of agency_reach pairs, not all of them at every
// reference to a disclosure table.

let t: TestDatabase;
const COMPANIES = 80;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  const ctx = await t.ctxFor("reviewer@esb.example");
  const [assigned] = await db.select({ productCode: productAssignments.productCode }).from(productAssignments).where(sql`${productAssignments.userId} = ${ctx.actor!.userId}`).limit(1);
  const ids = Array.from({ length: COMPANIES }, () => randomUUID());
  await db.insert(organisations).values(ids.map((id, i) => ({ id, type: "company" as const, nameEn: `Reach Company ${i}`, nameJa: `リーチ社 ${i}` })));
  await db.insert(organisationProducts).values(ids.map((organisationId) => ({ organisationId, productCode: assigned!.productCode })));
});
afterAll(() => t?.close());

type PlanNode = { "Relation Name"?: string; "Actual Rows"?: number; "Actual Loops"?: number; Plans?: PlanNode[] };

/** Rows read from agency_reach over the whole plan (each node's rows times its loops). */
function reachRowsRead(node: PlanNode): number {
  const own = node["Relation Name"] === "agency_reach" ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 0) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + reachRowsRead(child), 0);
}

// Every walled table once or more, as the disclosure read refers to them, prepared and run as the server
// runs it (enterRowSecurity asks for generic plans).
const read = sql.raw(`prepare walled_read(uuid) as
  select d.id,
    (select count(*) from disclosure_versions v where v.disclosure_id = d.id) as versions,
    (select count(*) from exposure_items ei join disclosure_versions v on v.id = ei.version_id
      where v.disclosure_id = d.id and v.number = d.latest_version) as items,
    (select count(*) from disclosure_reviews r where r.disclosure_id = d.id) as reviews
  from disclosures d where d.id = $1`);

async function explainRead(tx: Executor, id: string): Promise<{ plan: PlanNode; rows: { items: number }[] }> {
  await tx.execute(read);
  // EXECUTE takes no bind parameters: the id, a fixed uuid of the demo, goes in as a literal.
  const literal = sql.raw(`'${id}'::uuid`);
  const [explained] = rowsOf<{ "QUERY PLAN": unknown }>(await tx.execute(sql`explain (analyze, format json) execute walled_read(${literal})`));
  const raw = explained!["QUERY PLAN"];
  const [{ Plan }] = (typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  const rows = rowsOf<{ items: number }>(await tx.execute(sql`execute walled_read(${literal})`));
  await tx.execute(sql`deallocate walled_read`);
  return { plan: Plan, rows };
}

describe("the second wall for an official who reaches many companies", () => {
  it("probes the pairs of the rows it checks instead of reading the official's whole reach", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    const reach = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from agency_reach where user_id = ${ctx.actor!.userId}`))[0]!.n;
    expect(reach).toBeGreaterThan(COMPANIES);
    const { plan, rows } = await t.database.db.transaction(async (tx) => {
      await enterRowSecurity(tx, ctx.actor!);
      return explainRead(tx, demoDisclosureIds.hoshinoH1);
    });
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.items)).toBeGreaterThan(0);
    // One pair per walled row checked: the disclosure, its versions (twice), its items and reviews.
    expect(reachRowsRead(plan)).toBeLessThan(20);
  });
});
