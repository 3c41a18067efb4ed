import { randomInt, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  conflictDeclarations,
  disclosures,
  disclosureVersions,
  disclosureWorkingCopies,
  exposureItemRow,
  exposureItems,
  memberships,
  organisationProducts,
  organisations,
  productAssignments,
  users,
  type DisclosureStatus,
  type Role,
  type StoredExposureItem,
} from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/demo-ids";

// Test support only: small worlds of companies and submitted disclosures for the risk-insight tests,
// written straight into the database (the seeding connection is not subject to row-level security).

export type FixtureItem = Pick<StoredExposureItem, "productCode" | "supplierCountry" | "sharePercent"> & Partial<StoredExposureItem>;

const withDefaults = (i: FixtureItem): StoredExposureItem => ({ stage: "raw_material", inventoryDays: 30, alternativeSuppliers: 1, singleSource: false, ...i });

/** A company dealing in `products`, with an officer who authors its disclosures. */
export async function addCompany(db: Db, name: string, products: string[]): Promise<{ orgId: string; officerId: string }> {
  const orgId = randomUUID();
  const officerId = randomUUID();
  await db.insert(organisations).values({ id: orgId, type: "company", nameEn: name, nameJa: `${name}（日本語）`, corporateNumber: String(randomInt(1e12, 1e13 - 1)).padStart(13, "0") });
  if (products.length) await db.insert(organisationProducts).values(products.map((productCode) => ({ organisationId: orgId, productCode })));
  await db.insert(users).values({ id: officerId, email: `officer-${orgId}@fixture.example`, displayName: `${name} officer` });
  await db.insert(memberships).values({ userId: officerId, organisationId: orgId, role: "company_officer" });
  return { orgId, officerId };
}

/** An agency user of the demo bureau, assigned to `products`, optionally conflicted with some companies. */
export async function addAgencyUser(db: Db, email: string, products: string[], options: { role?: Role; conflictsWith?: string[] } = {}): Promise<string> {
  const userId = randomUUID();
  await db.insert(users).values({ id: userId, email, displayName: email });
  await db.insert(memberships).values({ userId, organisationId: demoOrgIds.esb, role: options.role ?? "agency_reviewer" });
  if (products.length) await db.insert(productAssignments).values(products.map((productCode) => ({ userId, productCode })));
  for (const companyId of options.conflictsWith ?? []) {
    await db.insert(conflictDeclarations).values({ userId, companyId, reason: "Fixture conflict", validFrom: "2020-01-01", declaredBy: userId });
  }
  return userId;
}

/**
 * A disclosure with one submitted version per entry of `versions` (the last is the latest), in `status`
 * (a draft keeps no version at all when `versions` is empty).
 */
export async function addDisclosure(
  db: Db,
  company: { orgId: string; officerId: string },
  period: string,
  versions: FixtureItem[][],
  status: DisclosureStatus = "submitted",
): Promise<string> {
  const id = randomUUID();
  const last = versions.at(-1)?.map(withDefaults) ?? [];
  await db.insert(disclosures).values({
    id,
    organisationId: company.orgId,
    reportingPeriod: period,
    status,
    latestVersion: versions.length,
    createdBy: company.officerId,
    updatedBy: company.officerId,
  });
  await db.insert(disclosureWorkingCopies).values({ disclosureId: id, organisationId: company.orgId, items: last });
  for (const [index, items] of versions.entries()) {
    const [version] = await db
      .insert(disclosureVersions)
      .values({ disclosureId: id, organisationId: company.orgId, number: index + 1, submittedBy: company.officerId })
      .returning({ id: disclosureVersions.id });
    if (items.length) {
      await db.insert(exposureItems).values(
        items.map((item, position) => exposureItemRow(withDefaults(item), { versionId: version!.id, disclosureId: id, organisationId: company.orgId, position })),
      );
    }
  }
  return id;
}

/** A further submitted version of `disclosureId`, which becomes its latest (as a resubmission does). */
export async function addVersion(db: Db, company: { orgId: string; officerId: string }, disclosureId: string, items: FixtureItem[]): Promise<void> {
  const [disclosure] = await db.select({ latest: disclosures.latestVersion }).from(disclosures).where(eq(disclosures.id, disclosureId));
  const number = disclosure!.latest + 1;
  const [version] = await db
    .insert(disclosureVersions)
    .values({ disclosureId, organisationId: company.orgId, number, submittedBy: company.officerId })
    .returning({ id: disclosureVersions.id });
  await db.insert(exposureItems).values(
    items.map((item, position) => exposureItemRow(withDefaults(item), { versionId: version!.id, disclosureId, organisationId: company.orgId, position })),
  );
  await db.update(disclosures).set({ latestVersion: number }).where(eq(disclosures.id, disclosureId));
  await db.update(disclosureWorkingCopies).set({ items: items.map(withDefaults) }).where(eq(disclosureWorkingCopies.disclosureId, disclosureId));
}
