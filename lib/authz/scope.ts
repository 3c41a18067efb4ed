import { and, eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import { conflictDeclarations, disclosures, disclosureVersions, exposureItems, organisationProducts, organisations, productAssignments } from "@/db/schema";
import type { Actor } from "@/lib/services/context";

/** A conflict declaration in force today (a day in Japan: migration 0033) between `userId` and the company in `companyId`. */
export function activeConflict(userId: string | Placeholder | SQL, companyId: SQL | string): SQL {
  return sql`exists (
    select 1 from ${conflictDeclarations}
    where ${conflictDeclarations.userId} = ${userId}
      and ${conflictDeclarations.companyId} = ${companyId}
      and ${conflictDeclarations.validFrom} <= tokyo_today()
      and (${conflictDeclarations.validUntil} is null or ${conflictDeclarations.validUntil} >= tokyo_today()))`;
}

/**
 * The company deals in at least one product the user is assigned to: by its profile, or by a disclosure
 * it submitted whose latest version reports one (which the user may then open: `agencyScope`). A company
 * filing a product its profile does not list is within reach of that product's officials everywhere —
 * its disclosure, its profile, the risk insights (migration 0037) and the second wall (`agency_reach`,
 * 0032) — not in some places and out of others.
 */
export function assignmentOverlap(userId: string, companyId: SQL | string): SQL {
  return sql`(exists (
    select 1 from ${organisationProducts}
    join ${productAssignments} on ${productAssignments.productCode} = ${organisationProducts.productCode}
    where ${organisationProducts.organisationId} = ${companyId}
      and ${productAssignments.userId} = ${userId})
  or exists (
    select 1 from ${disclosures}
    join ${disclosureVersions} on ${disclosureVersions.disclosureId} = ${disclosures.id} and ${disclosureVersions.number} = ${disclosures.latestVersion}
    join ${exposureItems} on ${exposureItems.versionId} = ${disclosureVersions.id}
    join ${productAssignments} on ${productAssignments.productCode} = ${exposureItems.productCode}
    where ${disclosures.organisationId} = ${companyId} and ${disclosures.status} <> 'draft'
      and ${productAssignments.userId} = ${userId}))`;
}

/**
 * The WHERE condition on `organisations` for the companies whose confidential data the actor may see:
 * its own company for company roles; for agency staff, companies within assignment and without a
 * conflict; nothing for anyone else.
 */
export function visibleCompanies(actor: Actor): SQL {
  const isCompany = eq(organisations.type, "company");
  switch (actor.role) {
    case "company_officer":
    case "company_admin":
      return and(isCompany, eq(organisations.id, actor.orgId))!;
    case "agency_reviewer":
    case "agency_approver":
      return and(
        isCompany,
        assignmentOverlap(actor.userId, sql`${organisations.id}`),
        sql`not ${activeConflict(actor.userId, sql`${organisations.id}`)}`,
      )!;
    default:
      return sql`false`;
  }
}
