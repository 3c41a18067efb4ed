import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { rowsOf, type Executor } from "./client";

// agency_reach (migration 0014), which the second wall reads, must always equal what it stands for: the
// (official, company) pairs that share a product. Random changes to either table, in one statement or
// several, each checked against the join itself.

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
  pairs(db, sql`select distinct pa.user_id, op.organisation_id from product_assignments pa join organisation_products op on op.product_code = pa.product_code`);

type Change = { table: "product_assignments" | "organisation_products"; op: "insert" | "delete" | "update"; owners: number[]; product: number; to: number };

async function apply(db: Executor, c: Change): Promise<void> {
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
  table: fc.constantFrom("product_assignments" as const, "organisation_products" as const),
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
        expect(await kept(tx)).toEqual([]);
        await tx.execute(sql`insert into organisation_products (organisation_id, product_code) values (${companies[0]!}, 'permanent_magnets')`);
        expect(await kept(tx)).toEqual(await derived(tx));
        expect((await kept(tx)).length).toBeGreaterThan(0);
        throw new Error("rollback");
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== "rollback") throw error;
      });
  });
});
