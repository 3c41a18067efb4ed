import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { conflictDeclarations } from "@/db/schema";
import { activeConflict } from "@/lib/authz/scope";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { tokyoToday } from "@/lib/i18n/format";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { enterRowSecurity } from "./internal/row-security";

// A conflict declaration runs over days in Japan (migration 0033), whatever the time zone of the database
// session: at any hour, one of UTC−12 and UTC+14 has a date other than Tokyo's.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

const zones = ["Etc/GMT+12", "Etc/GMT-14", "UTC", "Asia/Tokyo"];
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** In one transaction with the session in `zone`: is the conflict in force for the services, and what does the wall show of Aoba? */
async function seenIn(zone: string, validFrom: string, validUntil: string | null) {
  const ctx = await t.ctxFor("reviewer@esb.example");
  const rollback = new Error("rollback");
  let seen = { conflicted: false, aobaRows: 0 };
  await t.database.db
    .transaction(async (tx) => {
      await tx.execute(sql`select set_config('TimeZone', ${zone}, true)`);
      await tx.insert(conflictDeclarations).values({ userId: ctx.actor!.userId, companyId: demoOrgIds.aoba, reason: "Former employer.", validFrom, validUntil, declaredBy: ctx.actor!.userId });
      const [scope] = rowsOf<{ conflicted: boolean }>(await tx.execute(sql`select ${activeConflict(ctx.actor!.userId, demoOrgIds.aoba)} as conflicted`));
      await enterRowSecurity(tx, ctx.actor!);
      const [wall] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from disclosures where organisation_id = ${demoOrgIds.aoba}`));
      seen = { conflicted: scope!.conflicted, aobaRows: wall!.n };
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return seen;
}

describe("a conflict declaration's days", () => {
  it("are Tokyo's: one declared for today alone is in force in every session time zone", async () => {
    const today = tokyoToday();
    for (const zone of zones) expect({ zone, ...(await seenIn(zone, today, today)) }).toEqual({ zone, conflicted: true, aobaRows: 0 });
  });

  it("are Tokyo's: one that ended yesterday is over in every session time zone", async () => {
    const yesterday = dayBefore(tokyoToday());
    for (const zone of zones) {
      const seen = await seenIn(zone, yesterday, yesterday);
      expect({ zone, conflicted: seen.conflicted, aobaVisible: seen.aobaRows > 0 }).toEqual({ zone, conflicted: false, aobaVisible: true });
    }
  });
});
