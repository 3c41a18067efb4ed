import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { auditEventsOf, callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError, UnauthenticatedError, ValidationError } from "./errors";
import { unchecked } from "./input";
import { listAccessLog } from "./list-access-log";
import { readCompanyProfile } from "./read-company-profile";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function read(email: string | null, companyId: string, purpose?: string) {
  const ctx = await t.ctxFor(email);
  const result = await readCompanyProfile({ ctx, input: { companyId, purpose } }).then(
    (profile) => ({ profile, error: null }),
    (error: unknown) => ({ profile: null, error }),
  );
  return { ...result, events: await auditEventsOf(t.database, ctx.requestId) };
}

/** A refused read: 404 (never 403, so the company's existence does not leak) and one access.denied event. */
async function expectHidden(email: string, companyId: string, reason: string) {
  const { error, events } = await read(email, companyId);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    action: "access.denied",
    outcome: "denied",
    targetType: "company_profile",
    targetId: companyId,
    // An attempt on a company that exists is recorded against it, for its access log.
    targetOrgId: reason === "no_such_company" || !/^[0-9a-f-]{36}$/.test(companyId) ? null : companyId,
    details: { attempted: "profile.read", reason },
  });
  return events[0]!;
}

describe("readCompanyProfile", () => {
  it("lets a reviewer read a company within assignment and records profile.read with a purpose", async () => {
    const { profile, error, events } = await read("reviewer@esb.example", demoOrgIds.hoshino, "Review of 2026-H2 magnet exposure");
    expect(error).toBeNull();
    expect(profile).toMatchObject({
      organisationId: demoOrgIds.hoshino,
      organisationName: { en: "Hoshino Magnetics" },
      productCodes: ["crm_rare_earths_magnets", "permanent_magnets"],
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "profile.read",
      outcome: "allowed",
      actorRole: "agency_reviewer",
      actorOrgId: demoOrgIds.esb,
      targetType: "company_profile",
      targetId: demoOrgIds.hoshino,
      targetOrgId: demoOrgIds.hoshino,
      purpose: "Review of 2026-H2 magnet exposure",
    });
  });

  it("refuses a query it cannot take as the API sends it (422 naming the field, nothing read), once the company is in scope", async () => {
    const readQuery = async (email: string, query: Record<string, unknown>) => {
      const ctx = await t.ctxFor(email);
      const error = await readCompanyProfile({ ctx, input: unchecked({ ...query, companyId: demoOrgIds.hoshino }) }).then(
        () => null,
        (e: unknown) => e,
      );
      return { error, events: await auditEventsOf(t.database, ctx.requestId) };
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ purpose: "x".repeat(501) }, "purpose"],
      [{ purpose: ["one", "two"] }, "purpose"],
      [{ purpose: "Review", foo: "1" }, "foo"],
    ];
    for (const [query, path] of cases) {
      const { error, events } = await readQuery("reviewer@esb.example", query);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.map((e) => e.path)).toEqual([path]);
      expect(events.filter((e) => e.action === "profile.read")).toEqual([]);
    }
    // Out of scope, the answer is 404 whatever the query, with the purpose claimed recorded (cut to 500).
    const { error, events } = await readQuery("reviewer2@esb.example", { purpose: "y".repeat(600), foo: "1" });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(events[0]).toMatchObject({ action: "access.denied", purpose: "y".repeat(500) });
  });

  it("records a default purpose when none is given", async () => {
    const { events } = await read("reviewer@esb.example", demoOrgIds.aoba);
    expect(events[0]?.purpose).toEqual(expect.any(String));
    expect(events[0]?.purpose).not.toBe("");
  });

  it("hides a company the reviewer declared a conflict with", async () => {
    const event = await expectHidden("reviewer2@esb.example", demoOrgIds.hoshino, "conflict_of_interest");
    expect(event.actorRole).toBe("agency_reviewer");
  });

  it("hides a company outside the reviewer's assigned products", async () => {
    await expectHidden("reviewer@esb.example", demoOrgIds.minato, "outside_assignment");
  });

  it("hides another company from a company officer", async () => {
    await expectHidden("officer@aoba.example", demoOrgIds.hoshino, "other_tenant");
  });

  it("hides company profiles from the auditor and the operator, whose roles lack the permission; the company's access log shows the attempt", async () => {
    await expectHidden("auditor@oversight.example", demoOrgIds.hoshino, "role_lacks_permission");
    await expectHidden("admin@kakehashi.example", demoOrgIds.hoshino, "role_lacks_permission");
    // Not a company: recorded against nobody.
    const notCompany = await read("admin@kakehashi.example", demoOrgIds.esb);
    expect(notCompany.events[0]).toMatchObject({ targetOrgId: null, details: { reason: "role_lacks_permission" } });
    const log = await callAs(t, "admin@hoshino.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(log.error).toBeNull();
    const parties = (log.value as Awaited<ReturnType<typeof listAccessLog>>).items
      .filter((e) => e.outcome === "denied" && e.target.type === "company_profile")
      .map((e) => e.party);
    expect(parties).toEqual(expect.arrayContaining(["audit_body", "platform_operator"]));
  });

  it("answers a malformed id with NotFoundError, not a database error", async () => {
    await expectHidden("reviewer@esb.example", "not-a-uuid", "no_such_company");
  });

  it("answers an organisation that is not a company with NotFoundError", async () => {
    await expectHidden("approver@esb.example", demoOrgIds.esb, "no_such_company");
    await expectHidden("approver@esb.example", "00000000-0000-4000-8000-00000000ffff", "no_such_company");
  });

  it("lets a company officer read its own profile without recording a government access", async () => {
    const { profile, error, events } = await read("officer@hoshino.example", demoOrgIds.hoshino);
    expect(error).toBeNull();
    expect(profile?.organisationId).toBe(demoOrgIds.hoshino);
    expect(events).toEqual([]);
  });

  it("lets the approver, assigned every product, read Minato", async () => {
    const { profile, error, events } = await read("approver@esb.example", demoOrgIds.minato);
    expect(error).toBeNull();
    expect(profile?.productCodes).toEqual(["antimicrobials"]);
    expect(events.map((e) => [e.action, e.actorRole, e.targetOrgId])).toEqual([["profile.read", "agency_approver", demoOrgIds.minato]]);
  });

  it("refuses an anonymous caller with UnauthenticatedError", async () => {
    const { error } = await read(null, demoOrgIds.hoshino);
    expect(error).toBeInstanceOf(UnauthenticatedError);
  });
});
