import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import {
  apiTokens,
  companyProfiles,
  conflictDeclarations,
  criticalProducts,
  memberships,
  organisationProducts,
  organisations,
  productAssignments,
  userMfa,
  users,
  type OrganisationType,
  type Role,
  type SectorCode,
} from "@/db/schema";
import { hashPassword } from "@/lib/security/passwords";
import { sealSecret } from "@/lib/security/secret-box";
import { MFA_ROLES } from "@/lib/authz/policy";
import { criticalProductSeed, productCodes, type ProductCode } from "@/db/seed/products";
import { demoOrgIds } from "./demo-ids";
import { demoTotpSecret } from "./demo-totp";
import { seedDemoAdvisories } from "./seed-advisories";
import { seedDemoDisclosures } from "./seed-disclosures";

export const DEMO_PASSWORD = "kakehashi-demo";

export { demoOrgIds } from "./demo-ids";

type DemoOrg = {
  id: string;
  type: OrganisationType;
  nameEn: string;
  nameJa: string;
  corporateNumber?: string;
  products?: ProductCode[];
  contact?: { name: string; email: string; phone: string };
  /** The company's sector (JSIC); two share one, so a sector-targeted advisory reaches more than one. */
  sector?: SectorCode;
};

export const demoOrganisations: DemoOrg[] = [
  {
    id: demoOrgIds.hoshino,
    type: "company",
    nameEn: "Hoshino Magnetics",
    nameJa: "星野マグネティクス",
    corporateNumber: "5010001000101",
    products: ["permanent_magnets", "crm_rare_earths_magnets"],
    contact: { name: "Haruka Sato", email: "compliance@hoshino.example", phone: "+81 3-0000-0101" },
    sector: "jsic_e23",
  },
  {
    id: demoOrgIds.aoba,
    type: "company",
    nameEn: "Aoba Semiconductor Materials",
    nameJa: "青葉半導体マテリアル",
    corporateNumber: "4010001000102",
    products: ["semiconductors", "crm_gallium", "crm_germanium"],
    contact: { name: "Kenji Watanabe", email: "compliance@aoba.example", phone: "+81 22-000-0102" },
    sector: "jsic_e16",
  },
  {
    id: demoOrgIds.minato,
    type: "company",
    nameEn: "Minato Pharma",
    nameJa: "港ファーマ",
    corporateNumber: "3010001000103",
    products: ["antimicrobials"],
    contact: { name: "Yui Tanaka", email: "compliance@minato.example", phone: "+81 6-0000-0103" },
    sector: "jsic_e16",
  },
  {
    id: demoOrgIds.kawasemi,
    type: "company",
    nameEn: "Kawasemi Battery",
    nameJa: "カワセミ電池",
    corporateNumber: "2010001000104",
    products: ["storage_batteries", "crm_graphite", "crm_lithium", "permanent_magnets"],
    contact: { name: "Daichi Kobayashi", email: "compliance@kawasemi.example", phone: "+81 52-000-0104" },
    sector: "jsic_e29",
  },
  {
    id: demoOrgIds.tsubame,
    type: "company",
    nameEn: "Tsubame Robotics",
    nameJa: "ツバメロボティクス",
    corporateNumber: "1010001000105",
    products: ["machine_tools_robots", "permanent_magnets", "semiconductors"],
    contact: { name: "Aoi Yamamoto", email: "compliance@tsubame.example", phone: "+81 45-000-0105" },
    sector: "jsic_e26",
  },
  { id: demoOrgIds.esb, type: "agency", nameEn: "Economic Security Bureau", nameJa: "経済安全保障局" },
  { id: demoOrgIds.oversight, type: "audit_body", nameEn: "Independent Oversight Board", nameJa: "独立監視委員会" },
  { id: demoOrgIds.operator, type: "operator", nameEn: "Kakehashi operator", nameJa: "架け橋運営事務局" },
];

type DemoUser = { id: string; email: string; displayName: string; orgId: string; role: Role; assigned?: ProductCode[] | "all" };

export const demoUsers: DemoUser[] = [
  { id: "00000000-0000-4000-9000-000000000001", email: "officer@hoshino.example", displayName: "Haruka Sato", orgId: demoOrgIds.hoshino, role: "company_officer" },
  { id: "00000000-0000-4000-9000-000000000002", email: "admin@hoshino.example", displayName: "Takeshi Hoshino", orgId: demoOrgIds.hoshino, role: "company_admin" },
  { id: "00000000-0000-4000-9000-000000000003", email: "officer@aoba.example", displayName: "Kenji Watanabe", orgId: demoOrgIds.aoba, role: "company_officer" },
  { id: "00000000-0000-4000-9000-000000000004", email: "officer@minato.example", displayName: "Yui Tanaka", orgId: demoOrgIds.minato, role: "company_officer" },
  { id: "00000000-0000-4000-9000-000000000005", email: "officer@kawasemi.example", displayName: "Daichi Kobayashi", orgId: demoOrgIds.kawasemi, role: "company_officer" },
  { id: "00000000-0000-4000-9000-000000000006", email: "officer@tsubame.example", displayName: "Aoi Yamamoto", orgId: demoOrgIds.tsubame, role: "company_officer" },
  {
    id: "00000000-0000-4000-9000-000000000011",
    email: "reviewer@esb.example",
    displayName: "Mei Ito",
    orgId: demoOrgIds.esb,
    role: "agency_reviewer",
    assigned: ["permanent_magnets", "crm_rare_earths_magnets", "semiconductors", "crm_gallium", "crm_germanium"],
  },
  {
    id: "00000000-0000-4000-9000-000000000012",
    email: "reviewer2@esb.example",
    displayName: "Sota Nakamura",
    orgId: demoOrgIds.esb,
    role: "agency_reviewer",
    assigned: ["antimicrobials", "storage_batteries", "crm_graphite", "crm_lithium", "permanent_magnets"],
  },
  { id: "00000000-0000-4000-9000-000000000013", email: "approver@esb.example", displayName: "Rin Kato", orgId: demoOrgIds.esb, role: "agency_approver", assigned: "all" },
  { id: "00000000-0000-4000-9000-000000000021", email: "auditor@oversight.example", displayName: "Hina Yoshida", orgId: demoOrgIds.oversight, role: "auditor" },
  { id: "00000000-0000-4000-9000-000000000031", email: "admin@kakehashi.example", displayName: "Platform Administrator", orgId: demoOrgIds.operator, role: "platform_admin" },
];

/** Whether a demo account is seeded with an authenticator: those whose role requires one. */
export function hasDemoAuthenticator(user: { role: Role }): boolean {
  return MFA_ROLES.includes(user.role);
}

export const demoConflict = {
  id: "00000000-0000-4000-a000-000000000001",
  userEmail: "reviewer2@esb.example",
  companyId: demoOrgIds.hoshino,
  reason: "Former employee of Hoshino Magnetics (until 2024).",
};

/**
 * Hoshino's ERP export has used one token for almost a year, and it expires in nine days: the tokens page
 * marks it and its holder is reminded. Its secret is random and never shown (nobody can use it); the
 * times are counted from the seeding.
 */
const demoExpiringToken = {
  id: "00000000-0000-4000-a000-000000000011",
  holderEmail: "admin@hoshino.example",
  name: "ERP nightly export",
};

export async function seedProducts(db: Db): Promise<void> {
  await db.insert(criticalProducts).values([...criticalProductSeed]).onConflictDoNothing();
}

/** The demo world of SPEC §8. Safe to run again: rows that exist are left alone. */
export async function seedDemo(db: Db): Promise<void> {
  await seedProducts(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const org of demoOrganisations) {
      await tx
        .insert(organisations)
        .values({ id: org.id, type: org.type, nameEn: org.nameEn, nameJa: org.nameJa, corporateNumber: org.corporateNumber ?? null })
        .onConflictDoNothing();
      if (org.products?.length) {
        await tx
          .insert(organisationProducts)
          .values(org.products.map((productCode) => ({ organisationId: org.id, productCode })))
          .onConflictDoNothing();
      }
      if (org.contact) {
        await tx
          .insert(companyProfiles)
          .values({ organisationId: org.id, contactName: org.contact.name, contactEmail: org.contact.email, contactPhone: org.contact.phone, sector: org.sector ?? null })
          .onConflictDoNothing();
      }
    }
    for (const user of demoUsers) {
      await tx
        .insert(users)
        .values({ id: user.id, email: user.email, displayName: user.displayName, passwordHash })
        .onConflictDoNothing();
      await tx.insert(memberships).values({ userId: user.id, organisationId: user.orgId, role: user.role }).onConflictDoNothing();
      // Accounts whose role needs a second factor come enrolled, with a published secret (lib/demo/demo-totp.ts).
      if (hasDemoAuthenticator(user)) {
        await tx
          .insert(userMfa)
          .values({ userId: user.id, secretCiphertext: sealSecret(demoTotpSecret(user.email)), confirmedAt: sql`now()` })
          .onConflictDoNothing();
      }
      const assigned = user.assigned === "all" ? productCodes : (user.assigned ?? []);
      if (assigned.length) {
        await tx
          .insert(productAssignments)
          .values(assigned.map((productCode) => ({ userId: user.id, productCode })))
          .onConflictDoNothing();
      }
    }
    const reviewer2 = demoUsers.find((u) => u.email === demoConflict.userEmail)!;
    const admin = demoUsers.find((u) => u.role === "platform_admin")!;
    await tx
      .insert(conflictDeclarations)
      .values({
        id: demoConflict.id,
        userId: reviewer2.id,
        companyId: demoConflict.companyId,
        reason: demoConflict.reason,
        validFrom: "2026-01-01",
        declaredBy: admin.id,
      })
      .onConflictDoNothing();
    await tx
      .insert(apiTokens)
      .values({
        id: demoExpiringToken.id,
        userId: demoUsers.find((u) => u.email === demoExpiringToken.holderEmail)!.id,
        name: demoExpiringToken.name,
        prefix: `khk_${randomBytes(6).toString("base64url")}`,
        secretHash: randomBytes(32).toString("hex"),
        createdAt: sql`now() - interval '356 days'`,
        expiresAt: sql`now() + interval '9 days'`,
        lastUsedAt: sql`now() - interval '3 hours'`,
      })
      .onConflictDoNothing();
    // Each company's disclosures are written by its officer.
    const authors = Object.entries(demoOrgIds).flatMap(([key, orgId]) => {
      const officer = demoUsers.find((u) => u.orgId === orgId && u.role === "company_officer");
      return officer ? [[key, officer.id] as const] : [];
    });
    const approver = demoUsers.find((u) => u.role === "agency_approver")!;
    await seedDemoDisclosures(tx, Object.fromEntries(authors), approver.id);
    const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;
    await seedDemoAdvisories(tx, {
      reviewer: idOf("reviewer@esb.example"),
      reviewer2: idOf("reviewer2@esb.example"),
      approver: idOf("approver@esb.example"),
      kawasemiOfficer: idOf("officer@kawasemi.example"),
    });
  });
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ present: boolean }>(await db.execute(sql`select exists (select 1 from ${users}) as present`));
  return !row?.present;
}
