import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import {
  apiTokens,
  advisories,
  advisoryAcknowledgements,
  advisoryDeliveries,
  advisoryRevisions,
  auditEvents,
  emailOutbox,
  companyProfiles,
  conflictDeclarations,
  criticalProducts,
  memberships,
  organisationProducts,
  organisations,
  productAssignments,
  users,
} from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { verifyPassword } from "@/lib/security/passwords";
import { criticalProductSeed } from "@/db/seed/products";
import { DEMO_PASSWORD, demoOrganisations, demoUsers, isEmpty, seedDemo } from "./seed-demo";

const tables: Record<string, PgTable> = {
  organisations,
  users,
  memberships,
  criticalProducts,
  organisationProducts,
  productAssignments,
  companyProfiles,
  conflictDeclarations,
  auditEvents,
  advisories,
  advisoryRevisions,
  advisoryDeliveries,
  advisoryAcknowledgements,
  emailOutbox,
  apiTokens,
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.database.db.select({ n: count() }).from(table);
    out[name] = row!.n;
  }
  return out;
}

describe("seedDemo", () => {
  it("seeds the demo world of SPEC §8", async () => {
    const counts = await rowCounts();
    expect(counts).toMatchObject({
      organisations: demoOrganisations.length,
      users: demoUsers.length,
      memberships: demoUsers.length,
      criticalProducts: criticalProductSeed.length,
      companyProfiles: 5,
      conflictDeclarations: 1,
      advisories: 4,
      advisoryRevisions: 4,
      // The magnet advisory reaches Hoshino, Kawasemi and Tsubame; the battery guidance Kawasemi.
      advisoryDeliveries: 4,
      // Kawasemi's acknowledgement of the magnet advisory, kept in its own right (migration 0039).
      advisoryAcknowledgements: 1,
      // One notification per user of those companies: Hoshino has two users.
      emailOutbox: 5,
      // Hoshino's ERP export token, nine days from its expiry.
      apiTokens: 1,
    });
    const states = await t.database.db.select({ status: advisories.status }).from(advisories);
    expect(states.map((s) => s.status).sort()).toEqual(["draft", "pending_approval", "published", "published"]);
    expect(await isEmpty(t.database.db)).toBe(false);
  });

  it("leaves the same row counts when run again", async () => {
    const before = await rowCounts();
    await seedDemo(t.database.db);
    expect(await rowCounts()).toEqual(before);
  });

  it("gives every demo user the demo password", async () => {
    const rows = await t.database.db.select({ email: users.email, passwordHash: users.passwordHash }).from(users);
    const [first] = rows;
    expect(first?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(first!.passwordHash, DEMO_PASSWORD)).toBe(true);
  });
});
