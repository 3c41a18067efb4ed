import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { companyProfiles, organisationProducts } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { recordAgain, refuseToRecord } from "@/lib/testing/refuse-audit";
import { auditEventsOf, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileBlocked } from "@/lib/testing/while-held";
import type { CompanyProfileInput } from "@/lib/schemas/profile";
import { ForbiddenError, ValidationError } from "./errors";
import { getOwnProfile } from "./get-own-profile";
import { updateOwnProfile } from "./update-own-profile";

const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function storedProfile(orgId: string) {
  const [profile] = await t.database.db.select().from(companyProfiles).where(eq(companyProfiles.organisationId, orgId));
  const products = await t.database.db
    .select({ code: organisationProducts.productCode })
    .from(organisationProducts)
    .where(eq(organisationProducts.organisationId, orgId))
    .orderBy(asc(organisationProducts.productCode));
  return { profile: profile!, productCodes: products.map((p) => p.code) };
}

describe("updateOwnProfile", () => {
  it("replaces the profile and products, bumps the version and records the changed fields", async () => {
    const before = await storedProfile(demoOrgIds.hoshino);
    expect(before.profile.version).toBe(1);
    const ctx = await t.ctxFor(officer.email);
    const input: CompanyProfileInput = {
      contactName: "Yuki Mori",
      contactEmail: before.profile.contactEmail ?? "",
      contactPhone: "+81 3-1111-2222",
      productCodes: ["permanent_magnets", "crm_tungsten", "crm_cobalt"],
    };
    const saved = await updateOwnProfile({ ctx, input });

    expect(saved).toMatchObject({
      organisationId: demoOrgIds.hoshino,
      contactName: "Yuki Mori",
      contactPhone: "+81 3-1111-2222",
      productCodes: ["crm_cobalt", "crm_tungsten", "permanent_magnets"],
      version: 2,
    });
    const after = await storedProfile(demoOrgIds.hoshino);
    expect(after.profile).toMatchObject({ version: 2, contactName: "Yuki Mori", updatedBy: officer.id });
    expect(after.productCodes).toEqual(["crm_cobalt", "crm_tungsten", "permanent_magnets"]);

    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "profile.update",
      outcome: "allowed",
      actorUserId: officer.id,
      actorRole: "company_officer",
      targetType: "company_profile",
      targetId: demoOrgIds.hoshino,
      targetOrgId: demoOrgIds.hoshino,
    });
    const details = events[0]!.details as { changed: string[]; version: number };
    expect(details.version).toBe(2);
    expect([...details.changed].sort()).toEqual(["contactName", "contactPhone", "productCodes"]);
  });

  it("lists no changed field when the same profile is saved again, but still bumps the version", async () => {
    const ctx = await t.ctxFor(officer.email);
    const current = await getOwnProfile({ ctx, input: undefined });
    const saved = await updateOwnProfile({
      ctx,
      input: {
        contactName: current.contactName!,
        contactEmail: current.contactEmail ?? "",
        contactPhone: current.contactPhone!,
        productCodes: [...current.productCodes].reverse(),
      },
    });
    expect(saved.version).toBe(current.version + 1);
    const [event] = await auditEventsOf(t.database, ctx.requestId);
    expect(event?.details).toEqual({ changed: [], version: current.version + 1 });
  });

  it("states, keeps, changes and clears the sector, and refuses an unknown one with nothing written", async () => {
    const save = async (sector: unknown) => {
      const ctx = await t.ctxFor(officer.email);
      const current = await getOwnProfile({ ctx, input: undefined });
      const input = { contactName: current.contactName!, contactEmail: current.contactEmail ?? "", contactPhone: current.contactPhone!, productCodes: current.productCodes };
      const saved = await updateOwnProfile({ ctx, input: sector === undefined ? input : ({ ...input, sector } as CompanyProfileInput) }).catch((error: unknown) => error);
      return { saved, changed: ((await auditEventsOf(t.database, ctx.requestId))[0]?.details as { changed?: string[] } | undefined)?.changed };
    };
    expect((await storedProfile(demoOrgIds.hoshino)).profile.sector).toBe("jsic_e23"); // the demo's
    expect(await save("jsic_e28")).toMatchObject({ saved: { sector: "jsic_e28" }, changed: ["sector"] });
    // An API client that knows nothing of sectors leaves it as it is.
    expect(await save(undefined)).toMatchObject({ saved: { sector: "jsic_e28" }, changed: [] });
    expect(await save(null)).toMatchObject({ saved: { sector: null }, changed: ["sector"] });
    const refused = await save("jsic_zz");
    expect(refused.saved).toBeInstanceOf(ValidationError);
    expect((refused.saved as ValidationError).fieldErrors).toEqual([{ path: "sector", message: "validation.sector" }]);
    expect(refused.changed).toBeUndefined();
    expect((await storedProfile(demoOrgIds.hoshino)).profile.sector).toBeNull();
  });

  it("keeps a sector set by one save when another that leaves it out meets it, and records what each changed", async () => {
    const aoba = demoUsers.find((u) => u.email === "officer@aoba.example")!;
    const ctx = await t.ctxFor(aoba.email);
    const current = await getOwnProfile({ ctx, input: undefined });
    const input = { contactName: current.contactName!, contactEmail: current.contactEmail ?? "", contactPhone: current.contactPhone!, productCodes: current.productCodes };
    const other = await t.ctxFor(aoba.email);
    const { waits } = await whileBlocked(
      t.database,
      (tx) => updateOwnProfile({ ctx: { ...ctx, db: tx }, input: { ...input, sector: "jsic_e28" } }),
      // An API client that knows nothing of sectors, changing the phone number.
      () => updateOwnProfile({ ctx: other, input: { ...input, contactPhone: "+81 3-5555-0000" } }),
    );
    expect((await storedProfile(demoOrgIds.aoba)).profile).toMatchObject({ sector: "jsic_e28", contactPhone: "+81 3-5555-0000" });
    expect(((await auditEventsOf(t.database, other.requestId))[0]!.details as { changed: string[] }).changed).toEqual(["contactPhone"]);
    // The second read the profile after the first committed: it waited on the company's row, locked by the first, before reading.
    const onTheCompany = expect.objectContaining({
      locktype: "transactionid",
      mode: "ShareLock",
      waitEventType: "Lock",
      query: expect.stringMatching(/^select "id" from "organisations" where "organisations"."id" = \$1 for no key update$/),
    });
    expect(waits).toEqual(testDatabaseKind() === "postgres" ? [onTheCompany] : null);
  });

  it("is atomic: when the audit insert fails, the profile and products are left unchanged", async () => {
    const before = await storedProfile(demoOrgIds.hoshino);
    await refuseToRecord(t.database);
    try {
      const ctx = await t.ctxFor(officer.email);
      const error = await updateOwnProfile({
        ctx,
        input: { contactName: "Should Not Stick", contactEmail: "", contactPhone: "+81 3-9999-9999", productCodes: ["fertilizers"] },
      }).then(
        () => null,
        (e: unknown) => e,
      );
      // drizzle wraps the database error; the trigger's message is in the cause.
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).cause ?? error)).toMatch(/audit store unavailable/);
    } finally {
      await recordAgain(t.database);
    }
    expect(await storedProfile(demoOrgIds.hoshino)).toEqual(before);
  });

  it("refuses an agency reviewer with ForbiddenError and records access.denied", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    const before = await storedProfile(demoOrgIds.hoshino);
    await expect(
      updateOwnProfile({ ctx, input: { contactName: "X", contactPhone: "+81 3-0000-0000", productCodes: [] } }),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "access.denied",
      outcome: "denied",
      actorRole: "agency_reviewer",
      actorOrgId: demoOrgIds.esb,
      details: { attempted: "profile.update_own", reason: "role_lacks_permission" },
    });
    expect(await storedProfile(demoOrgIds.hoshino)).toEqual(before);
  });

  it("getOwnProfile answers the caller's own company and refuses agency staff", async () => {
    const own = await getOwnProfile({ ctx: await t.ctxFor("officer@aoba.example"), input: undefined });
    expect(own).toMatchObject({ organisationId: demoOrgIds.aoba, productCodes: ["crm_gallium", "crm_germanium", "semiconductors"] });
    await expect(getOwnProfile({ ctx: await t.ctxFor("reviewer@esb.example"), input: undefined })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
