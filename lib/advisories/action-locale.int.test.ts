import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { conflictDeclarations } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { advisoryKit, APPROVER, magnets } from "@/lib/testing/advisory-fixtures";
import { actAs, callAction, useDatabase } from "@/lib/testing/route-harness";
import { createTestDatabase, signInDemo, type TestDatabase } from "@/lib/testing/test-database";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

// A refusal that names companies (a conflict of interest) names them in the reader's language, listed as
// that language lists: the server action formats them for the form it answers (lib/advisories/action-errors.ts).

let t: TestDatabase;
const { pending } = advisoryKit(() => t);
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabase(t.database);
});
afterAll(async () => {
  await t?.close();
});

describe("an advisory action refused for a conflict of interest", () => {
  it("names the companies in the language the request asks for", async () => {
    const named = [demoOrgIds.hoshino, demoOrgIds.tsubame];
    const id = await pending(magnets({ title: "Names two companies", targets: { products: ["permanent_magnets"], countries: [], organisations: named } }));
    const approver = await signInDemo(t, APPROVER);
    await t.database.db
      .insert(conflictDeclarations)
      .values(named.map((companyId) => ({ userId: approver.userId, companyId, reason: "Advised both last year.", validFrom: "2026-01-01", declaredBy: approver.userId })));
    try {
      actAs(approver);
      const approve = (language: string) => callAction(t.database, "app/(portal)/agency/advisories/actions.ts", "approveAction", [{ id }], { "accept-language": language });
      expect((await approve("ja")).body).toMatchObject({ ok: false, message: "advisories.errors.conflict_of_interest", params: { companies: "星野マグネティクス、ツバメロボティクス" } });
      expect((await approve("en-GB,en;q=0.8")).body).toMatchObject({ params: { companies: "Hoshino Magnetics and Tsubame Robotics" } });
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.userId, approver.userId));
    }
  });
});
