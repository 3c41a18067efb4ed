import { eq, sql, type Placeholder } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import type { Executor } from "./client";
import { compileQuery, compileStatement } from "./compiled-query";
import { memberships, organisations } from "./schema";

// A statement built once and run on any executor (db/compiled-query.ts) answers exactly what the query
// builder's own execute answers: same rows, same mapping (dates, nested objects of a left join), on both drivers.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
});
afterAll(() => t?.close());

let builds = 0;
const select = (db: Executor, name: string | Placeholder) =>
  db
    .select({ id: organisations.id, name: organisations.nameEn, createdAt: organisations.createdAt, upper: sql<string>`upper(${organisations.nameEn})`, member: { role: memberships.role } })
    .from(organisations)
    .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
    .where(eq(organisations.nameEn, name));
const compiled = compileQuery("compiled_query_test", (db) => {
  builds += 1;
  return select(db, sql.placeholder("name"));
});

describe("a compiled query", () => {
  it("answers what the builder answers, on the database and inside a transaction, and is built once", async () => {
    const db = t.database.db;
    await db.insert(organisations).values({ type: "agency", nameEn: "Compiled Agency", nameJa: "庁" });
    expect(await compiled.run(db, { name: "Compiled Agency" })).toEqual(await select(db, "Compiled Agency"));
    const [row] = await compiled.run(db, { name: "Compiled Agency" });
    expect(row).toMatchObject({ name: "Compiled Agency", upper: "COMPILED AGENCY", member: null });
    expect(row!.createdAt).toBeInstanceOf(Date);

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(organisations).values({ type: "agency", nameEn: "Uncommitted Agency", nameJa: "庁" });
        // Run on the transaction, it sees the transaction's uncommitted row.
        expect(await compiled.run(tx, { name: "Uncommitted Agency" })).toHaveLength(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await compiled.run(db, { name: "Uncommitted Agency" })).toEqual([]);
    expect(builds).toBe(1);
  });
});

describe("a compiled statement without parameters", () => {
  // postgres.js sends it by the simple protocol: never prepared, whatever its name says.
  it("is refused when first run, built with the builder or written as SQL", async () => {
    const db = t.database.db;
    const query = compileQuery("no_parameters_query", (b) => b.select({ n: sql<number>`1` }).from(organisations));
    const statement = compileStatement("no_parameters_statement", sql`select count(*) from ${organisations}`);
    expect(() => query.run(db, {})).toThrow(/no_parameters_query: a compiled statement needs a parameter/);
    expect(() => statement.run(db, {})).toThrow(/no_parameters_statement: a compiled statement needs a parameter/);
  });
});
