import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf } from "@/db/client";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { prepareDatabase } from "./db-prepare";

// `npm run db:migrate` as two servers' release steps run it at the same moment (two containers starting,
// a deploy retried): the second waits for the first instead of failing half-way through the migrations,
// the job queue's schema or the application role's grants.

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const t of databases) await t.close();
});

describe.runIf(testDatabaseKind() === "postgres")("db:migrate twice at once", () => {
  it("migrates once, installs the queue once and provisions the role once, both runs succeeding", async () => {
    const t = await createTestDatabase({ migrate: false });
    databases.push(t);
    const other = await openDatabase({ url: t.url! });
    try {
      const password = "0123456789abcdef0123456789abcdef";
      const runs = await Promise.allSettled([prepareDatabase(t.database, password), prepareDatabase(other, password)]);
      expect(runs.map((r) => (r.status === "rejected" ? String((r.reason as Error).cause ?? r.reason) : "ok"))).toEqual(["ok", "ok"]);
      const [applied] = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      const [distinct] = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(distinct hash)::int as n from drizzle.__drizzle_migrations`));
      expect(applied!.n).toBe(distinct!.n);
    } finally {
      await other.close();
    }
  });
});
