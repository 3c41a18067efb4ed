import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError, ValidationError } from "./errors";
import { listAccessLog } from "./list-access-log";
import { listInsightCompanies } from "./list-insight-companies";

// The companies behind a risk-insight figure, on the demo world: only those within need-to-know, each
// listing an audited read in its access log. The figures themselves: insights.int.test.ts.

let t: TestDatabase;
const as = <T>(email: string, call: Parameters<typeof callAs<T>>[2]) => callAs(t, email, call);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

describe("drill-down", () => {
  const drill = (email: string, input: Record<string, unknown>) => as(email, (ctx) => listInsightCompanies({ ctx, input }));

  it("lists the companies within need-to-know with their own figures, each an audited access in its access log", async () => {
    const { value, events } = await drill("reviewer@esb.example", { period: "2026-H1", product: "permanent_magnets" });
    expect(value!.companies.map((c) => c.organisation.name.en)).toEqual(["Hoshino Magnetics", "Kawasemi Battery", "Tsubame Robotics"]);
    expect(value!.companies[0]).toMatchObject({ version: 1, inventoryDays: 20, singleSource: false, dependence: [{ supplierCountry: "JP", share: 70 }, { supplierCountry: "VN", share: 30 }] });
    expect(events.map((e) => [e.action, e.targetOrgId, e.purpose])).toEqual([
      ["insights.drill_down", demoOrgIds.hoshino, "risk insights drill-down"],
      ["insights.drill_down", demoOrgIds.kawasemi, "risk insights drill-down"],
      ["insights.drill_down", demoOrgIds.tsubame, "risk insights drill-down"],
    ]);
    const log = await as("officer@hoshino.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(log.value!.items[0]).toMatchObject({ action: "insights.drill_down", purpose: "risk insights drill-down", role: "agency_reviewer" });
  });

  it("narrows to a supplier country, leaves out a conflicted company, and refuses what is out of scope", async () => {
    const china = await drill("reviewer@esb.example", { period: "2026-H1", product: "permanent_magnets", country: "CN" });
    expect(china.value!.companies.map((c) => c.organisation.name.en)).toEqual(["Kawasemi Battery", "Tsubame Robotics"]);
    // Hoshino, left out, is thereby known not to buy magnets from China: looked at like the others, it is
    // recorded like them (its access log shows the drill-down). No event says which were listed, nor the
    // country they were picked out by: that would tell auditors the figures.
    expect(china.events.map((e) => [e.targetOrgId, e.details])).toEqual([
      [demoOrgIds.hoshino, { period: "2026-H1", productCode: "permanent_magnets", version: 1 }],
      [demoOrgIds.kawasemi, { period: "2026-H1", productCode: "permanent_magnets", version: 1 }],
      [demoOrgIds.tsubame, { period: "2026-H1", productCode: "permanent_magnets", version: 1 }],
    ]);
    const recused = await drill("reviewer2@esb.example", { period: "2026-H1", product: "permanent_magnets" });
    expect(recused.value!.companies.map((c) => c.organisation.name.en)).toEqual(["Kawasemi Battery", "Tsubame Robotics"]);
    expect(recused.events.map((e) => e.targetOrgId)).not.toContain(demoOrgIds.hoshino);
    const unassigned = await drill("reviewer@esb.example", { period: "2026-H1", product: "antimicrobials" });
    expect(unassigned.error).toBeInstanceOf(NotFoundError);
    expect(unassigned.events).toMatchObject([{ action: "access.denied", details: { attempted: "insights.drill_down", reason: "outside_assignment" } }]);
    const company = await drill("officer@aoba.example", { period: "2026-H1", product: "semiconductors" });
    expect(company.error).toBeInstanceOf(NotFoundError);
    const bad = await drill("reviewer@esb.example", { period: "2026-H1", product: "permanent_magnets", country: "XX" });
    expect(bad.error).toBeInstanceOf(ValidationError);
  });
});