import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { conflictDeclarations } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { APPROVER_ID, BREAK_GLASS_JUSTIFICATION, minatoOutsideApprover } from "@/lib/testing/break-glass-fixtures";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError } from "./errors";
import { openDisclosureBreakGlass } from "./open-disclosure-break-glass";

// The services' own wall, with the database's (row-level security) taken away: each rule must hold in the
// service as well, or a regression there would pass unseen behind the second wall. (The opposite — the
// second wall alone — is disclosure-walls.int.)
vi.mock("./internal/row-security", () => ({
  enterRowSecurity: async () => undefined,
  withRowSecurity: async (_tx: unknown, _actor: unknown, first: () => Promise<unknown>) => first(),
}));

let t: TestDatabase;
const approverId = APPROVER_ID;
const justification = BREAK_GLASS_JUSTIFICATION;

beforeAll(async () => {
  t = await createTestDatabase();
  await minatoOutsideApprover(t); // break-glass is the only way in
});
afterAll(async () => {
  await t?.close();
});

describe("the services' wall alone", () => {
  it("opens a disclosure outside assignment by break-glass, but never over a conflict the approver declared", async () => {
    const opened = await callAs(t, "approver@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: demoDisclosureIds.minatoH1, justification } }));
    expect(opened.error).toBeNull();
    await t.database.db.insert(conflictDeclarations).values({ userId: approverId, companyId: demoOrgIds.minato, reason: "test: advised Minato last year", declaredBy: approverId });
    const recused = await callAs(t, "approver@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: demoDisclosureIds.minatoH1, justification } }));
    expect(recused.error).toBeInstanceOf(NotFoundError);
    expect(recused.events).toMatchObject([{ action: "access.denied", targetOrgId: demoOrgIds.minato, details: { attempted: "disclosure.break_glass", reason: "conflict_of_interest" } }]);
  });
});
