import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { ForbiddenError } from "./errors";
import { listCompaniesInScope } from "./list-companies-in-scope";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function companiesOf(email: string) {
  const result = await listCompaniesInScope({ ctx: await t.ctxFor(email), input: undefined });
  return result;
}

describe("listCompaniesInScope", () => {
  it("shows reviewer@esb the companies dealing in assigned products, not Minato", async () => {
    const { assignedProducts, companies } = await companiesOf("reviewer@esb.example");
    expect(assignedProducts.map((p) => p.code).sort()).toEqual(
      ["crm_gallium", "crm_germanium", "crm_rare_earths_magnets", "permanent_magnets", "semiconductors"].sort(),
    );
    expect(companies.map((c) => c.id).sort()).toEqual([demoOrgIds.aoba, demoOrgIds.hoshino, demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    const tsubame = companies.find((c) => c.id === demoOrgIds.tsubame)!;
    // Only the products within the reviewer's assignment are shown.
    expect(tsubame.productCodes).toEqual(["permanent_magnets", "semiconductors"]);
    expect(Object.fromEntries(companies.map((c) => [c.id, c.sector]))).toEqual({
      [demoOrgIds.aoba]: "jsic_e16",
      [demoOrgIds.hoshino]: "jsic_e23",
      [demoOrgIds.kawasemi]: "jsic_e29",
      [demoOrgIds.tsubame]: "jsic_e26",
    });
  });

  it("shows reviewer2@esb Minato, Kawasemi and Tsubame, and hides Hoshino (declared conflict)", async () => {
    const { companies } = await companiesOf("reviewer2@esb.example");
    const ids = companies.map((c) => c.id);
    expect(ids.sort()).toEqual([demoOrgIds.minato, demoOrgIds.kawasemi, demoOrgIds.tsubame].sort());
    expect(ids).not.toContain(demoOrgIds.hoshino);
  });

  it("shows the approver, assigned every product, all five companies", async () => {
    const { companies } = await companiesOf("approver@esb.example");
    expect(companies).toHaveLength(5);
  });

  it("refuses a company officer with ForbiddenError", async () => {
    await expect(companiesOf("officer@hoshino.example")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("records the refused attempt as access.denied", async () => {
    const ctx = await t.ctxFor("officer@hoshino.example");
    await expect(listCompaniesInScope({ ctx, input: undefined })).rejects.toBeInstanceOf(ForbiddenError);
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["access.denied", "denied"]]);
  });
});
