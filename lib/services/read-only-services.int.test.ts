import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoOrganisations, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { authenticateUser } from "./authenticate-user";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "./errors";
import { getMe } from "./get-me";
import { getPlatformOverview } from "./get-platform-overview";
import { listRecentAuditEvents } from "./list-recent-audit-events";
import { expectAuditReadRefused } from "@/lib/testing/audit-refusals";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("getMe", () => {
  it.each(demoUsers.map((u) => [u.email, u] as const))("answers who %s is", async (_email, user) => {
    const me = await getMe({ ctx: await t.ctxFor(user.email), input: undefined });
    const org = demoOrganisations.find((o) => o.id === user.orgId)!;
    expect(me).toEqual({
      user: { id: user.id, email: user.email, displayName: user.displayName, emailLocale: null },
      organisation: { id: org.id, type: org.type, nameEn: org.nameEn, nameJa: org.nameJa },
      role: user.role,
    });
  });

  it("refuses an anonymous caller", async () => {
    await expect(getMe({ ctx: await t.ctxFor(null), input: undefined })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe("listRecentAuditEvents", () => {
  it("shows the auditor the newest events first, with the actor's email", async () => {
    // Leave a trace to find: a sign-in by the officer.
    const signedIn = await authenticateUser({ ctx: await t.ctxFor(null), input: { email: "officer@hoshino.example", password: DEMO_PASSWORD } });
    expect(signedIn.kind).toBe("signed_in");
    const ctx = await t.ctxFor("auditor@oversight.example");
    const events = await listRecentAuditEvents({ ctx, input: { limit: 10 } });
    expect(events[0]).toMatchObject({ action: "auth.sign_in", actorEmail: "officer@hoshino.example", actorRole: "company_officer", outcome: "allowed" });
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // The look is itself on the record, as a search without filters; the next look shows it first.
    const recorded = await auditEventsOf(t.database, ctx.requestId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      action: "audit.search",
      outcome: "allowed",
      actorRole: "auditor",
      actorOrgId: demoOrgIds.oversight,
      targetType: null,
      targetOrgId: null,
      details: { filters: {}, limit: 10, continued: false, results: events.length },
    });
    const [newest] = await listRecentAuditEvents({ ctx: await t.ctxFor("auditor@oversight.example"), input: { limit: 1 } });
    expect(newest).toMatchObject({ id: recorded[0]!.id, action: "audit.search", actorEmail: "auditor@oversight.example" });
  });

  it("clamps the limit to 1..200", async () => {
    const ctx = await t.ctxFor("auditor@oversight.example");
    expect(await listRecentAuditEvents({ ctx, input: { limit: 0 } })).toHaveLength(1);
    expect(await listRecentAuditEvents({ ctx, input: { limit: -5 } })).toHaveLength(1);
  });

  it("hides the audit log from a company officer (NotFoundError, not ForbiddenError)", async () => {
    await expect(
      listRecentAuditEvents({ ctx: await t.ctxFor("officer@hoshino.example"), input: { limit: 10 } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("records an officer's refused attempt to read the audit log as access.denied", async () => {
    await expectAuditReadRefused(t, "officer@hoshino.example", (ctx) => listRecentAuditEvents({ ctx, input: { limit: 10 } }), { actorRole: "company_officer" });
  });
});

describe("getPlatformOverview", () => {
  it("shows the platform admin every organisation with its number of users", async () => {
    const overview = await getPlatformOverview({ ctx: await t.ctxFor("admin@kakehashi.example"), input: undefined });
    expect(overview).toHaveLength(demoOrganisations.length);
    const counts = Object.fromEntries(overview.map((o) => [o.id, o.userCount]));
    expect(counts[demoOrgIds.hoshino]).toBe(2);
    expect(counts[demoOrgIds.esb]).toBe(3);
    expect(counts[demoOrgIds.operator]).toBe(1);
    // Organisation metadata only: no profile content.
    expect(Object.keys(overview[0]!).sort()).toEqual(["id", "nameEn", "nameJa", "type", "userCount"]);
  });

  it("refuses the auditor with ForbiddenError", async () => {
    await expect(
      getPlatformOverview({ ctx: await t.ctxFor("auditor@oversight.example"), input: undefined }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
