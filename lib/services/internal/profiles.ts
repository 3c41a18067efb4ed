import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { companyProfiles, organisationProducts, organisations } from "@/db/schema";
import type { ProductCode } from "@/db/seed/products";
import type { CompanyProfile } from "@/lib/schemas/profile";

/** A company's profile; a company that never filled one in still has a name and products. */
export async function loadProfile(db: Executor, companyId: string): Promise<CompanyProfile | null> {
  const [org] = await db
    .select({
      id: organisations.id,
      nameEn: organisations.nameEn,
      nameJa: organisations.nameJa,
      contactName: companyProfiles.contactName,
      contactEmail: companyProfiles.contactEmail,
      contactPhone: companyProfiles.contactPhone,
      sector: companyProfiles.sector,
      version: companyProfiles.version,
      updatedAt: companyProfiles.updatedAt,
    })
    .from(organisations)
    .leftJoin(companyProfiles, eq(companyProfiles.organisationId, organisations.id))
    .where(and(eq(organisations.id, companyId), eq(organisations.type, "company")));
  if (!org) return null;
  const products = await db
    .select({ code: organisationProducts.productCode })
    .from(organisationProducts)
    .where(eq(organisationProducts.organisationId, companyId));
  return {
    organisationId: org.id,
    organisationName: { en: org.nameEn, ja: org.nameJa },
    contactName: org.contactName,
    contactEmail: org.contactEmail,
    contactPhone: org.contactPhone,
    // Sorted here, not by the database's collation, so comparisons in the services are stable.
    productCodes: products.map((p) => p.code as ProductCode).sort(),
    sector: org.sector,
    version: org.version ?? 0,
    updatedAt: org.updatedAt?.toISOString() ?? null,
  };
}
