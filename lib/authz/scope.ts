import { and, eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import { conflictDeclarations, organisationProducts, organisations, productAssignments } from "@/db/schema";
import type { Actor } from "@/lib/services/context";

/** A conflict declaration in force today (a day in Japan: migration 0033) between `userId` and the company in `companyId`. */
export function activeConflict(userId: string | Placeholder, companyId: SQL | string): SQL {
  return sql`exists (
    select 1 from ${conflictDeclarations}
    where ${conflictDeclarations.userId} = ${userId}
      and ${conflictDeclarations.companyId} = ${companyId}
      and ${conflictDeclarations.validFrom} <= tokyo_today()
      and (${conflictDeclarations.validUntil} is null or ${conflictDeclarations.validUntil} >= tokyo_today()))`;
}

/** The company deals in at least one product the user is assigned to. */
export function assignmentOverlap(userId: string, companyId: SQL | string): SQL {
  return sql`exists (
    select 1 from ${organisationProducts}
    join ${productAssignments} on ${productAssignments.productCode} = ${organisationProducts.productCode}
    where ${organisationProducts.organisationId} = ${companyId}
      and ${productAssignments.userId} = ${userId})`;
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
