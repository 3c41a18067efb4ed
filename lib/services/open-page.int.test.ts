import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError } from "./errors";
import { openPage } from "./open-page";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("openPage", () => {
  it("lets a role holding the permission open the page, recording nothing", async () => {
    const opened = await callAs(t, "auditor@oversight.example", (ctx) => openPage({ ctx, input: { permission: "audit.verify", path: "/oversight/verify" } }));
    expect(opened).toMatchObject({ error: null, events: [] });
  });

  it("answers any other role 404 and records the refusal with the page", async () => {
    const refused = await callAs(t, "reviewer@esb.example", (ctx) => openPage({ ctx, input: { permission: "audit.verify", path: "/oversight/verify" } }));
    expect(refused.error).toBeInstanceOf(NotFoundError);
    expect(refused.events).toMatchObject([
      { action: "access.denied", outcome: "denied", targetType: "page", targetId: "/oversight/verify", details: { attempted: "audit.verify", reason: "role_lacks_permission" } },
    ]);
  });
});
