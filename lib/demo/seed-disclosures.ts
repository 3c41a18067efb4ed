import type { Tx } from "@/db/client";
import { disclosureReviews, disclosures, disclosureVersions, disclosureWorkingCopies, exposureItemRow, exposureItems, type DisclosureStatus, type StoredExposureItem } from "@/db/schema";
import { demoOrgIds } from "./demo-ids";

// The demo world's disclosures (SPEC §8): a submitted 2026-H1 disclosure for every company, and 2026-H2
// drafts for Hoshino and Kawasemi. Three companies report permanent magnets (aggregates show); two
// report semiconductors (aggregates are suppressed). Every company's 2025-H2 disclosure was accepted, so
// the risk insights have a previous period to compare with: then all three magnet makers still bought
// from China and Japan, so that period's magnet cells show; by 2026-H1 Hoshino had moved to Vietnam.

export const demoDisclosureIds = {
  hoshinoH1: "00000000-0000-4000-b000-000000000101",
  aobaH1: "00000000-0000-4000-b000-000000000102",
  minatoH1: "00000000-0000-4000-b000-000000000103",
  kawasemiH1: "00000000-0000-4000-b000-000000000104",
  tsubameH1: "00000000-0000-4000-b000-000000000105",
  hoshinoH2: "00000000-0000-4000-b000-000000000201",
  kawasemiH2: "00000000-0000-4000-b000-000000000204",
  hoshinoPrev: "00000000-0000-4000-b000-000000000301",
  aobaPrev: "00000000-0000-4000-b000-000000000302",
  minatoPrev: "00000000-0000-4000-b000-000000000303",
  kawasemiPrev: "00000000-0000-4000-b000-000000000304",
  tsubamePrev: "00000000-0000-4000-b000-000000000305",
} as const;

const item = (i: Partial<StoredExposureItem> & Pick<StoredExposureItem, "productCode" | "stage" | "supplierCountry" | "sharePercent">): StoredExposureItem => ({
  inventoryDays: 45,
  alternativeSuppliers: 1,
  singleSource: false,
  ...i,
});

const hoshino: StoredExposureItem[] = [
  item({ productCode: "crm_rare_earths_magnets", hsCode: "2805.30", material: "NdPr oxide", stage: "raw_material", supplierCountry: "CN", sharePercent: 85, inventoryDays: 40, leadTimeDays: 60, alternativeSuppliers: 1, riskFactors: ["export licensing", "price volatility"], mitigation: { strategy: "diversify", plan: "Qualify an Australian oxide supplier via a Malaysian separator.", targetDate: "2028-03-31" } }),
  item({ productCode: "crm_rare_earths_magnets", material: "NdPr oxide", stage: "raw_material", supplierCountry: "AU", sharePercent: 15, inventoryDays: 40, leadTimeDays: 90, alternativeSuppliers: 2 }),
  item({ productCode: "crm_rare_earths_magnets", hsCode: "2805.30", material: "Dysprosium", stage: "processing", supplierCountry: "CN", sharePercent: 95, inventoryDays: 30, leadTimeDays: 45, alternativeSuppliers: 0, singleSource: true, riskFactors: ["export controls on heavy rare earths"], mitigation: { strategy: "stockpile", plan: "Build a 120-day buffer of dysprosium.", targetDate: "2027-12-31" }, confidentiality: { claimed: true, reason: "Supplier contract terms" } }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Sintered NdFeB magnets", stage: "component", supplierCountry: "JP", sharePercent: 70, inventoryDays: 20, leadTimeDays: 30, alternativeSuppliers: 2 }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Sintered NdFeB magnets", stage: "component", supplierCountry: "VN", sharePercent: 30, inventoryDays: 20, leadTimeDays: 40, alternativeSuppliers: 1 }),
];
const aoba: StoredExposureItem[] = [
  item({ productCode: "crm_gallium", hsCode: "8112.92", material: "Gallium metal 6N", stage: "raw_material", supplierCountry: "CN", sharePercent: 90, inventoryDays: 35, leadTimeDays: 50, alternativeSuppliers: 1, riskFactors: ["export licensing since 2023"], mitigation: { strategy: "diversify", plan: "Recover gallium from alumina refining with a domestic partner.", targetDate: "2028-06-30" } }),
  item({ productCode: "crm_gallium", material: "Gallium metal 6N", stage: "raw_material", supplierCountry: "JP", sharePercent: 10, inventoryDays: 35, leadTimeDays: 20, alternativeSuppliers: 1 }),
  item({ productCode: "crm_germanium", hsCode: "8112.99", material: "Germanium tetrachloride", stage: "processing", supplierCountry: "CN", sharePercent: 70, inventoryDays: 50, leadTimeDays: 60, alternativeSuppliers: 1 }),
  item({ productCode: "crm_germanium", material: "Germanium tetrachloride", stage: "processing", supplierCountry: "BE", sharePercent: 30, inventoryDays: 50, leadTimeDays: 75, alternativeSuppliers: 1 }),
  item({ productCode: "semiconductors", hsCode: "8541.40", material: "GaN power devices", stage: "component", supplierCountry: "TW", sharePercent: 60, inventoryDays: 25, leadTimeDays: 90, alternativeSuppliers: 2 }),
];
const minato: StoredExposureItem[] = [
  item({ productCode: "antimicrobials", hsCode: "2941.10", material: "6-APA (beta-lactam intermediate)", stage: "processing", supplierCountry: "CN", sharePercent: 65, inventoryDays: 60, leadTimeDays: 75, alternativeSuppliers: 1, riskFactors: ["single API plant", "quality recalls"], mitigation: { strategy: "reshore", plan: "Restart domestic 6-APA fermentation with public support.", targetDate: "2029-03-31" } }),
  item({ productCode: "antimicrobials", hsCode: "2941.10", material: "6-APA (beta-lactam intermediate)", stage: "processing", supplierCountry: "IN", sharePercent: 35, inventoryDays: 60, leadTimeDays: 60, alternativeSuppliers: 2 }),
  item({ productCode: "antimicrobials", hsCode: "3004.10", material: "Cefazolin sodium", stage: "final_product", supplierCountry: "IT", sharePercent: 20, inventoryDays: 90, leadTimeDays: 45, alternativeSuppliers: 2 }),
];
const kawasemi: StoredExposureItem[] = [
  item({ productCode: "crm_graphite", hsCode: "2504.10", material: "Spherical graphite", stage: "processing", supplierCountry: "CN", sharePercent: 92, inventoryDays: 30, leadTimeDays: 55, alternativeSuppliers: 0, singleSource: true, riskFactors: ["export licensing since 2023"], mitigation: { strategy: "substitute", plan: "Qualify synthetic graphite anodes from a Japanese maker.", targetDate: "2028-09-30" } }),
  item({ productCode: "crm_lithium", hsCode: "2836.91", material: "Lithium carbonate", stage: "raw_material", supplierCountry: "CL", sharePercent: 45, inventoryDays: 40, leadTimeDays: 70, alternativeSuppliers: 2 }),
  item({ productCode: "crm_lithium", hsCode: "2825.20", material: "Lithium hydroxide", stage: "processing", supplierCountry: "CN", sharePercent: 55, inventoryDays: 40, leadTimeDays: 50, alternativeSuppliers: 1 }),
  item({ productCode: "storage_batteries", hsCode: "8507.60", material: "LFP cells", stage: "component", supplierCountry: "CN", sharePercent: 60, inventoryDays: 15, leadTimeDays: 60, alternativeSuppliers: 2 }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Motor magnets", stage: "component", supplierCountry: "CN", sharePercent: 75, inventoryDays: 25, leadTimeDays: 45, alternativeSuppliers: 1 }),
];
const tsubame: StoredExposureItem[] = [
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Servo motor magnets", stage: "component", supplierCountry: "CN", sharePercent: 80, inventoryDays: 30, leadTimeDays: 40, alternativeSuppliers: 1, mitigation: { strategy: "diversify", plan: "Dual-source servo magnets from a Japanese maker.", targetDate: "2027-10-31" } }),
  item({ productCode: "semiconductors", hsCode: "8542.31", material: "Motion-control MCUs", stage: "component", supplierCountry: "TW", sharePercent: 65, inventoryDays: 60, leadTimeDays: 120, alternativeSuppliers: 1 }),
  item({ productCode: "machine_tools_robots", hsCode: "8483.40", material: "Strain-wave gears", stage: "component", supplierCountry: "JP", sharePercent: 100, inventoryDays: 20, leadTimeDays: 90, alternativeSuppliers: 1 }),
];

// 2025-H2, accepted.
const hoshinoPrev: StoredExposureItem[] = [
  item({ productCode: "crm_rare_earths_magnets", hsCode: "2805.30", material: "NdPr oxide", stage: "raw_material", supplierCountry: "CN", sharePercent: 90, inventoryDays: 35, leadTimeDays: 60, alternativeSuppliers: 1 }),
  item({ productCode: "crm_rare_earths_magnets", material: "NdPr oxide", stage: "raw_material", supplierCountry: "AU", sharePercent: 10, inventoryDays: 35, leadTimeDays: 90, alternativeSuppliers: 1 }),
  item({ productCode: "crm_rare_earths_magnets", hsCode: "2805.30", material: "Dysprosium", stage: "processing", supplierCountry: "CN", sharePercent: 100, inventoryDays: 25, leadTimeDays: 45, alternativeSuppliers: 0, singleSource: true }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Sintered NdFeB magnets", stage: "component", supplierCountry: "JP", sharePercent: 60, inventoryDays: 15, leadTimeDays: 30, alternativeSuppliers: 2 }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Sintered NdFeB magnets", stage: "component", supplierCountry: "CN", sharePercent: 40, inventoryDays: 15, leadTimeDays: 45, alternativeSuppliers: 1 }),
];
const aobaPrev: StoredExposureItem[] = [
  item({ productCode: "crm_gallium", hsCode: "8112.92", material: "Gallium metal 6N", stage: "raw_material", supplierCountry: "CN", sharePercent: 95, inventoryDays: 30, leadTimeDays: 50, alternativeSuppliers: 0, singleSource: true }),
  item({ productCode: "crm_gallium", material: "Gallium metal 6N", stage: "raw_material", supplierCountry: "JP", sharePercent: 5, inventoryDays: 30, leadTimeDays: 20, alternativeSuppliers: 1 }),
  item({ productCode: "crm_germanium", hsCode: "8112.99", material: "Germanium tetrachloride", stage: "processing", supplierCountry: "CN", sharePercent: 75, inventoryDays: 45, leadTimeDays: 60, alternativeSuppliers: 1 }),
  item({ productCode: "crm_germanium", material: "Germanium tetrachloride", stage: "processing", supplierCountry: "BE", sharePercent: 25, inventoryDays: 45, leadTimeDays: 75, alternativeSuppliers: 1 }),
  item({ productCode: "semiconductors", hsCode: "8541.40", material: "GaN power devices", stage: "component", supplierCountry: "TW", sharePercent: 55, inventoryDays: 20, leadTimeDays: 90, alternativeSuppliers: 2 }),
];
const minatoPrev: StoredExposureItem[] = [
  item({ productCode: "antimicrobials", hsCode: "2941.10", material: "6-APA (beta-lactam intermediate)", stage: "processing", supplierCountry: "CN", sharePercent: 75, inventoryDays: 50, leadTimeDays: 75, alternativeSuppliers: 1 }),
  item({ productCode: "antimicrobials", hsCode: "2941.10", material: "6-APA (beta-lactam intermediate)", stage: "processing", supplierCountry: "IN", sharePercent: 25, inventoryDays: 50, leadTimeDays: 60, alternativeSuppliers: 1 }),
];
const kawasemiPrev: StoredExposureItem[] = [
  item({ productCode: "crm_graphite", hsCode: "2504.10", material: "Spherical graphite", stage: "processing", supplierCountry: "CN", sharePercent: 95, inventoryDays: 25, leadTimeDays: 55, alternativeSuppliers: 0, singleSource: true }),
  item({ productCode: "crm_lithium", hsCode: "2836.91", material: "Lithium carbonate", stage: "raw_material", supplierCountry: "CL", sharePercent: 40, inventoryDays: 35, leadTimeDays: 70, alternativeSuppliers: 2 }),
  item({ productCode: "crm_lithium", hsCode: "2825.20", material: "Lithium hydroxide", stage: "processing", supplierCountry: "CN", sharePercent: 60, inventoryDays: 35, leadTimeDays: 50, alternativeSuppliers: 1 }),
  item({ productCode: "storage_batteries", hsCode: "8507.60", material: "LFP cells", stage: "component", supplierCountry: "CN", sharePercent: 70, inventoryDays: 12, leadTimeDays: 60, alternativeSuppliers: 1 }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Motor magnets", stage: "component", supplierCountry: "CN", sharePercent: 85, inventoryDays: 20, leadTimeDays: 45, alternativeSuppliers: 1 }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Motor magnets", stage: "component", supplierCountry: "JP", sharePercent: 15, inventoryDays: 20, leadTimeDays: 30, alternativeSuppliers: 1 }),
];
const tsubamePrev: StoredExposureItem[] = [
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Servo motor magnets", stage: "component", supplierCountry: "CN", sharePercent: 90, inventoryDays: 25, leadTimeDays: 40, alternativeSuppliers: 1 }),
  item({ productCode: "permanent_magnets", hsCode: "8505.11", material: "Servo motor magnets", stage: "component", supplierCountry: "JP", sharePercent: 10, inventoryDays: 25, leadTimeDays: 30, alternativeSuppliers: 1 }),
  item({ productCode: "semiconductors", hsCode: "8542.31", material: "Motion-control MCUs", stage: "component", supplierCountry: "TW", sharePercent: 70, inventoryDays: 45, leadTimeDays: 120, alternativeSuppliers: 1 }),
  item({ productCode: "machine_tools_robots", hsCode: "8483.40", material: "Strain-wave gears", stage: "component", supplierCountry: "JP", sharePercent: 100, inventoryDays: 20, leadTimeDays: 90, alternativeSuppliers: 1 }),
];

type DemoDisclosure = { id: string; orgId: string; author: string; period: string; items: StoredExposureItem[]; notes?: string; status: DisclosureStatus };

export const demoDisclosures = (authors: Record<string, string>): DemoDisclosure[] => [
  { id: demoDisclosureIds.hoshinoH1, orgId: demoOrgIds.hoshino, author: authors.hoshino!, period: "2026-H1", items: hoshino, notes: "Dysprosium remains our tightest input.", status: "submitted" },
  { id: demoDisclosureIds.aobaH1, orgId: demoOrgIds.aoba, author: authors.aoba!, period: "2026-H1", items: aoba, status: "submitted" },
  { id: demoDisclosureIds.minatoH1, orgId: demoOrgIds.minato, author: authors.minato!, period: "2026-H1", items: minato, status: "submitted" },
  { id: demoDisclosureIds.kawasemiH1, orgId: demoOrgIds.kawasemi, author: authors.kawasemi!, period: "2026-H1", items: kawasemi, status: "submitted" },
  { id: demoDisclosureIds.tsubameH1, orgId: demoOrgIds.tsubame, author: authors.tsubame!, period: "2026-H1", items: tsubame, status: "submitted" },
  { id: demoDisclosureIds.hoshinoH2, orgId: demoOrgIds.hoshino, author: authors.hoshino!, period: "2026-H2", items: hoshino.slice(0, 3), notes: "Draft: Vietnamese magnet volumes still to confirm.", status: "draft" },
  { id: demoDisclosureIds.kawasemiH2, orgId: demoOrgIds.kawasemi, author: authors.kawasemi!, period: "2026-H2", items: kawasemi.slice(0, 2), status: "draft" },
  { id: demoDisclosureIds.hoshinoPrev, orgId: demoOrgIds.hoshino, author: authors.hoshino!, period: "2025-H2", items: hoshinoPrev, status: "accepted" },
  { id: demoDisclosureIds.aobaPrev, orgId: demoOrgIds.aoba, author: authors.aoba!, period: "2025-H2", items: aobaPrev, status: "accepted" },
  { id: demoDisclosureIds.minatoPrev, orgId: demoOrgIds.minato, author: authors.minato!, period: "2025-H2", items: minatoPrev, status: "accepted" },
  { id: demoDisclosureIds.kawasemiPrev, orgId: demoOrgIds.kawasemi, author: authors.kawasemi!, period: "2025-H2", items: kawasemiPrev, status: "accepted" },
  { id: demoDisclosureIds.tsubamePrev, orgId: demoOrgIds.tsubame, author: authors.tsubame!, period: "2025-H2", items: tsubamePrev, status: "accepted" },
];

const submittedAt = { "2025-H2": new Date("2026-01-20T01:00:00Z"), "2026-H1": new Date("2026-07-15T01:00:00Z") } as Record<string, Date>;

/**
 * Inserts the demo disclosures that are missing; a submitted one gets its version 1 and items, an
 * accepted one also the acceptance by `acceptedBy`.
 */
export async function seedDemoDisclosures(tx: Tx, authors: Record<string, string>, acceptedBy: string): Promise<void> {
  for (const d of demoDisclosures(authors)) {
    const inserted = await tx
      .insert(disclosures)
      .values({
        id: d.id,
        organisationId: d.orgId,
        reportingPeriod: d.period,
        status: d.status,
        latestVersion: d.status === "draft" ? 0 : 1,
        createdBy: d.author,
        updatedBy: d.author,
      })
      .onConflictDoNothing()
      .returning({ id: disclosures.id });
    if (!inserted.length) continue;
    await tx.insert(disclosureWorkingCopies).values({ disclosureId: d.id, organisationId: d.orgId, items: d.items, notes: d.notes ?? null });
    if (d.status === "draft") continue;
    const at = submittedAt[d.period]!;
    const [version] = await tx
      .insert(disclosureVersions)
      .values({ disclosureId: d.id, organisationId: d.orgId, number: 1, notes: d.notes ?? null, submittedBy: d.author, submittedAt: at })
      .returning({ id: disclosureVersions.id });
    await tx.insert(exposureItems).values(d.items.map((i, position) => exposureItemRow(i, { versionId: version!.id, disclosureId: d.id, organisationId: d.orgId, position })));
    if (d.status === "accepted") {
      await tx.insert(disclosureReviews).values({
        disclosureId: d.id,
        organisationId: d.orgId,
        versionNumber: 1,
        reviewerId: acceptedBy,
        decision: "accept",
        comment: "",
        createdAt: new Date(at.getTime() + 14 * 86_400_000),
      });
    }
  }
}
