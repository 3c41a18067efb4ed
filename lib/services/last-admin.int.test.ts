import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { changeUserRole } from "./change-user-role";
import { ConflictError } from "./errors";
import { setUserDisabled } from "./set-user-disabled";

// Demoting or disabling an administrator of one's own organisation needs another enabled one
// (keepAnotherAdmin, lib/services/internal/users.ts).

const ADMIN = "admin@kakehashi.example";
const HOSHINO_ADMIN = "admin@hoshino.example";
const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

describe("an organisation's last administrator", () => {
  it("keeps an organisation an administrator: two demoting or disabling each other leave one, not none", async () => {
    // A second admin at Hoshino, besides admin@hoshino.example.
    const email = "second.admin@hoshino.example";
    const [second] = await t.database.db.insert(users).values({ email, displayName: "Second Admin", passwordHash: null }).returning({ id: users.id });
    await t.database.db.insert(memberships).values({ userId: second!.id, organisationId: demoOrgIds.hoshino, role: "company_admin" });
    const hoshinoAdmin = idOf(HOSHINO_ADMIN);
    // Each resolved their request as an admin; the first demotes the second, then the second (still holding
    // an admin's request) demotes the first.
    const secondCtx = await t.ctxFor(email);
    const demoted = await callAs(t, HOSHINO_ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: second!.id, role: "company_officer" } }));
    expect(demoted.error).toBeNull();
    await expect(changeUserRole({ ctx: secondCtx, input: { userId: hoshinoAdmin, role: "company_officer" } })).rejects.toBeInstanceOf(ConflictError);
    await expect(setUserDisabled({ ctx: secondCtx, input: { userId: hoshinoAdmin, disabled: true } })).rejects.toBeInstanceOf(ConflictError);
    const [kept] = await t.database.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, hoshinoAdmin));
    expect(kept!.role).toBe("company_admin");
    // With another enabled admin, the same change goes through; a platform admin may leave a company without one.
    await callAs(t, HOSHINO_ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: second!.id, role: "company_admin" } }));
    expect((await callAs(t, HOSHINO_ADMIN, (ctx) => setUserDisabled({ ctx, input: { userId: second!.id, disabled: true } }))).error).toBeNull();
    expect((await callAs(t, ADMIN, (ctx) => changeUserRole({ ctx, input: { userId: second!.id, role: "company_officer" } }))).error).toBeNull();
  });
});
