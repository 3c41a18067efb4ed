import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { ownRevision } from "@/lib/schemas/disclosure";
import { addCompany } from "@/lib/testing/insights-fixtures";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { createDisclosure } from "./create-disclosure";
import { getDisclosure } from "./get-disclosure";
import { reviewDisclosure } from "./review-disclosure";
import { submitDisclosure } from "./submit-disclosure";
import { updateDisclosure } from "./update-disclosure";
import { withdrawDisclosure } from "./withdraw-disclosure";

// The totals the risk-insight views read, kept by the database in the transaction of each change
// (migration 0011), and the median taken over them with a viewer's hidden companies left out (0023).
// The figures a viewer sees: insights.int.test.ts.

let t: TestDatabase;
const as = <T>(email: string, call: Parameters<typeof callAs<T>>[2]) => callAs(t, email, call);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

describe("taking hidden companies out of the totals (migration 0023)", () => {
  it("gives the median of what is left, as percentile_cont would over it, for any values taken out", async () => {
    // Few distinct values, so that ties (several companies at one share) come up often.
    const values = fc.array(fc.integer({ min: 0, max: 12 }).map((n) => n * 12.5), { minLength: 1, maxLength: 12 });
    const cases = fc.sample(
      values.chain((all) => fc.tuple(fc.constant(all), fc.subarray(all.map((_, i) => i)))),
      { numRuns: 150, seed: 20261206 },
    );
    const sql_ = (xs: number[]) => `array[${xs.join(",")}]::double precision[]`;
    for (const [all, removedAt] of cases) {
      const sorted = [...all].sort((a, b) => a - b);
      const removed = removedAt.map((i) => all[i]!);
      const kept = all.filter((_, i) => !removedAt.includes(i));
      const [row] = rowsOf<{ without: number | null; expected: number | null }>(
        await t.database.db.execute(
          sql.raw(`select insights_median_without(${sql_(sorted)}, ${sql_(removed)}) as without,
            (select percentile_cont(0.5) within group (order by x) from unnest(${sql_(kept)}) x) as expected`),
        ),
      );
      expect({ all, removed, median: row!.without }).toEqual({ all, removed, median: row!.expected });
    }
  });

  it("refuses to take out a value that is not there, rather than answer a wrong median", async () => {
    await expect(t.database.db.execute(sql`select insights_median_without(array[1, 2, 3]::double precision[], array[4]::double precision[])`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`select insights_median_without(array[1, 2, 3]::double precision[], array[2, 2]::double precision[])`)).rejects.toThrow();
  });
});

describe("the HHI's band (migration 0035)", () => {
  it("puts the boundaries where the DOJ/FTC 2010 guidelines do", async () => {
    const edges = [0, 1499, 1500, 2500, 2501, 10000];
    const rows = rowsOf<{ hhi: number; band: string }>(
      await t.database.db.execute(sql`select x as hhi, insights_hhi_band(x) as band from unnest(${`{${edges.join(",")}}`}::integer[]) x`),
    );
    expect(rows.map((r) => [r.hhi, r.band])).toEqual([
      [0, "unconcentrated"], [1499, "unconcentrated"], [1500, "moderate"], [2500, "moderate"], [2501, "high"], [10000, "high"],
    ]);
  });
});

describe("the totals a view reads (migration 0011)", () => {
  const totalsOf = async (period: string, product: string) =>
    rowsOf<{ companies: number; single_source: number }>(
      await t.database.db.execute(sql`select companies, single_source from exposure_product_totals where period = ${period} and product_code = ${product}`),
    )[0] ?? null;
  const cellOf = async (period: string, product: string, country: string) =>
    rowsOf<{ companies: number; median_share: number }>(
      await t.database.db.execute(
        sql`select companies, median_share from exposure_cell_totals where period = ${period} and product_code = ${product} and supplier_country = ${country}`,
      ),
    )[0] ?? null;

  it("follow each submission, new version and withdrawal, in the transaction that makes it", async () => {
    const period = "2031-H1";
    const product = "crm_cobalt" as const;
    const officers: string[] = [];
    for (const key of ["S1", "S2", "S3"]) officers.push(`officer-${(await addCompany(t.database.db, `Totals ${key}`, [product])).orgId}@fixture.example`);
    const item = (share: number, singleSource = false) => ({ productCode: product, stage: "raw_material" as const, supplierCountry: "CD", sharePercent: share, inventoryDays: 30, alternativeSuppliers: 1, singleSource });
    const submitted: { email: string; id: string }[] = [];
    for (const [n, email] of officers.entries()) {
      const { value: draft } = await as(email, (ctx) => createDisclosure({ ctx, input: { reportingPeriod: period, items: [item(20 * (n + 1), n === 0)] } }));
      expect(await totalsOf(period, product)).toEqual(n === 0 ? null : { companies: n, single_source: 1 });
      const { error } = await as(email, (ctx) => submitDisclosure({ ctx, input: { id: draft!.id, revision: ownRevision(draft!) } }));
      expect(error).toBeNull();
      expect(await totalsOf(period, product)).toEqual({ companies: n + 1, single_source: 1 });
      submitted.push({ email, id: draft!.id });
    }
    // Shares 20, 40, 60 from the DR Congo: median 40.
    expect(await cellOf(period, product, "CD")).toEqual({ companies: 3, median_share: 40 });

    // The first company withdraws: two remain, the single source gone with it.
    await as(submitted[0]!.email, (ctx) => withdrawDisclosure({ ctx, input: { id: submitted[0]!.id } }));
    expect(await totalsOf(period, product)).toEqual({ companies: 2, single_source: 0 });
    expect(await cellOf(period, product, "CD")).toEqual({ companies: 2, median_share: 50 });

    // The second is asked for changes and submits version 2 (90 instead of 40): it replaces version 1.
    const second = submitted[1]!;
    const review = await as("approver@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id: second.id, review: { decision: "request_changes", comment: "Please recheck the share." } } }));
    expect(review.error).toBeNull();
    const { value: saved, error: saveError } = await as(second.email, async (ctx) => {
      const current = await getDisclosure({ ctx, input: { id: second.id } });
      return updateDisclosure({ ctx, input: { id: second.id, revision: ownRevision(current), changes: { items: [item(90)] } } });
    });
    expect(saveError).toBeNull();
    expect(await cellOf(period, product, "CD")).toEqual({ companies: 2, median_share: 50 });
    expect((await as(second.email, (ctx) => submitDisclosure({ ctx, input: { id: second.id, revision: ownRevision(saved!) } }))).error).toBeNull();
    expect(await cellOf(period, product, "CD")).toEqual({ companies: 2, median_share: 75 });
  });
});
