import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError } from "./errors";
import { getDisclosure } from "./get-disclosure";
import { benchmarkRouteEnabled, readDisclosureForBenchmark } from "./read-disclosure-for-benchmark";

describe("the benchmark's bare reference read", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it("is off unless KAKEHASHI_BENCH_BARE_ROUTE=1", async () => {
    expect(benchmarkRouteEnabled({})).toBe(false);
    expect(benchmarkRouteEnabled({ KAKEHASHI_BENCH_BARE_ROUTE: "1" })).toBe(true);
    await expect(readDisclosureForBenchmark({ ctx: await t.ctxFor(null), input: { id: demoDisclosureIds.hoshinoH1 } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("when on, answers what a reviewer's audited read answers, with no audit event", async () => {
    process.env.KAKEHASHI_BENCH_BARE_ROUTE = "1";
    try {
      const ctx = await t.ctxFor(null);
      const bare = await readDisclosureForBenchmark({ ctx, input: { id: demoDisclosureIds.hoshinoH1 } });
      const audited = await getDisclosure({ ctx: await t.ctxFor("reviewer@esb.example"), input: { id: demoDisclosureIds.hoshinoH1 } });
      expect(bare).toEqual(audited);
      expect(bare.items.length).toBeGreaterThan(0);
      expect(await auditEventsOf(t.database, ctx.requestId)).toEqual([]);
    } finally {
      delete process.env.KAKEHASHI_BENCH_BARE_ROUTE;
    }
  });
});
