import { and, asc, eq, inArray } from "drizzle-orm";
import { companyProfiles, criticalProducts, organisationProducts, organisations, productAssignments } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { visibleCompanies } from "@/lib/authz/scope";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/**
 * For agency staff: their assigned products and the companies within need-to-know (assignment
 * overlap, no declared conflict), each with the assigned products it deals in and its sector (null: not
 * stated).
 */
export async function listCompaniesInScope({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "company.list_in_scope");
    const assigned = await tx
      .select({ code: criticalProducts.code, nameEn: criticalProducts.nameEn, nameJa: criticalProducts.nameJa })
      .from(productAssignments)
      .innerJoin(criticalProducts, eq(criticalProducts.code, productAssignments.productCode))
      .where(eq(productAssignments.userId, actor.userId))
      .orderBy(asc(criticalProducts.code));
    const companies = await tx
      .select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa, sector: companyProfiles.sector })
      .from(organisations)
      .leftJoin(companyProfiles, eq(companyProfiles.organisationId, organisations.id))
      .where(visibleCompanies(actor))
      .orderBy(asc(organisations.nameEn));
    const codes = assigned.map((p) => p.code);
    const links =
      companies.length && codes.length
        ? await tx
            .select({ orgId: organisationProducts.organisationId, code: organisationProducts.productCode })
            .from(organisationProducts)
            .where(
              and(
                inArray(organisationProducts.organisationId, companies.map((c) => c.id)),
                inArray(organisationProducts.productCode, codes),
              ),
            )
        : [];
    return {
      assignedProducts: assigned,
      companies: companies.map((c) => ({
        ...c,
        productCodes: links.filter((l) => l.orgId === c.id).map((l) => l.code).sort(),
      })),
    };
  });
}
