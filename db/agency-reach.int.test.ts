import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { rowsOf, type Executor } from "./client";

// agency_reach (migration 0014), which the second wall reads, must always equal what it stands for: the
// (official, company) pairs that share a product — one of the company's profile or one it has filed an
// exposure item on (migration 0032). Random changes to the assignments, the profiles and the items filed,
// in one statement or several, each checked against the join itself.

let t: TestDatabase;
let users: string[];
let companies: string[];
const products = ["permanent_magnets", "semiconductors", "crm_gallium", "storage_batteries"];

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  users = rowsOf<{ id: string }>(await db.execute(sql`select u.id from users u join memberships m on m.user_id = u.id where m.role in ('agency_reviewer', 'agency_approver') order by u.id`)).map((r) => r.id);
  companies = rowsOf<{ id: string }>(await db.execute(sql`select id from organisations where type = 'company' order by id`)).map((r) => r.id);
});
afterAll(() => t?.close());

const pairs = async (db: Executor, query: ReturnType<typeof sql>) =>
  rowsOf<{ user_id: string; organisation_id: string }>(await db.execute(query))
    .map((r) => `${r.user_id} ${r.organisation_id}`)
    .sort();
const kept = (db: Executor) => pairs(db, sql`select user_id, organisation_id from agency_reach`);
const derived = (db: Executor) =>
  pairs(
    db,
    sql`select distinct pa.user_id, cp.organisation_id from product_assignments pa
        join (select organisation_id, product_code from organisation_products union select organisation_id, product_code from exposure_items) cp
        on cp.product_code = pa.product_code`,
  );

type Change = { table: "product_assignments" | "organisation_products" | "exposure_items"; op: "insert" | "delete" | "update"; owners: number[]; product: number; to: number };

/** A new version of one of the company's disclosures, with one item on `product` (as a submission files it). */
async function file(db: Executor, company: string, product: string): Promise<void> {
  const [disclosure] = rowsOf<{ id: string }>(await db.execute(sql`select id from disclosures where organisation_id = ${company} order by id limit 1`));
  if (!disclosure) return;
  await db.execute(sql`with v as (
      insert into disclosure_versions (disclosure_id, organisation_id, number, submitted_by)
      select ${disclosure.id}, ${company}, coalesce(max(number), 0) + 1, (select created_by from disclosures where id = ${disclosure.id}) from disclosure_versions where disclosure_id = ${disclosure.id}
      returning id)
    insert into exposure_items (version_id, disclosure_id, organisation_id, position, product_code, stage, supplier_country, share_percent, inventory_days, alternative_suppliers, single_source)
    select v.id, ${disclosure.id}, ${company}, 0, ${product}, 'component', 'CN', 10, 1, 0, false from v`);
}

async function apply(db: Executor, c: Change): Promise<void> {
  if (c.table === "exposure_items") {
    // Items are never changed nor deleted: every operation files one.
    for (const i of c.owners) await file(db, companies[i % companies.length]!, products[c.product]!);
    return;
  }
  const owner = c.table === "product_assignments" ? "user_id" : "organisation_id";
  const ids = c.owners.map((i) => (c.table === "product_assignments" ? users : companies)[i % (c.table === "product_assignments" ? users.length : companies.length)]!);
  const list = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  const table = sql.raw(c.table);
  const column = sql.raw(owner);
  const product = products[c.product]!;
  if (c.op === "insert") {
    await db.execute(sql`insert into ${table} (${column}, product_code) select x, ${product} from unnest(array[${list}]) x on conflict do nothing`);
  } else if (c.op === "delete") {
    await db.execute(sql`delete from ${table} where ${column} in (${list}) and product_code = ${product}`);
  } else {
    await db.execute(sql`update ${table} t set product_code = ${products[c.to]!} where ${column} in (${list}) and product_code = ${product}
      and not exists (select 1 from ${table} o where o.${column} = t.${column} and o.product_code = ${products[c.to]!})`);
  }
}

const change = fc.record({
  table: fc.constantFrom("product_assignments" as const, "organisation_products" as const, "exposure_items" as const),
  op: fc.constantFrom("insert" as const, "delete" as const, "update" as const),
  owners: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }),
  product: fc.nat(products.length - 1),
  to: fc.nat(products.length - 1),
});

describe("which officials reach which companies", () => {
  it("is filled by the migration from the demo's assignments", async () => {
    expect((await kept(t.database.db)).length).toBeGreaterThan(0);
    expect(await kept(t.database.db)).toEqual(await derived(t.database.db));
  });

  it("follows any sequence of changes to assignments and to companies' products, each rolled back after", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 6 }), async (changes) => {
        await t.database.db
          .transaction(async (tx) => {
            for (const c of changes) {
              await apply(tx, c);
              expect(await kept(tx)).toEqual(await derived(tx));
            }
            throw new Error("rollback");
          })
          .catch((error: unknown) => {
            if ((error as Error).message !== "rollback") throw error;
          });
      }),
      { numRuns: 40 },
    );
    expect(await kept(t.database.db)).toEqual(await derived(t.database.db));
  });

  it("is rebuilt whole after a TRUNCATE of either table", async () => {
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`truncate organisation_products`);
        // What remains is what the companies have filed on (the demo's disclosures).
        expect(await kept(tx)).toEqual(await derived(tx));
        expect((await kept(tx)).length).toBeGreaterThan(0);
        await tx.execute(sql`truncate product_assignments`);
        expect(await kept(tx)).toEqual([]);
        await tx.execute(sql`insert into product_assignments (user_id, product_code) values (${users[0]!}, 'permanent_magnets')`);
        expect(await kept(tx)).toEqual(await derived(tx));
        expect((await kept(tx)).length).toBeGreaterThan(0);
        throw new Error("rollback");
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== "rollback") throw error;
      });
  });
});
