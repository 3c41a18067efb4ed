import { and, eq, inArray, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  companyProfiles,
  conflictDeclarations,
  disclosures,
  disclosureVersions,
  exposureItems,
  organisationProducts,
  organisations,
  productAssignments,
} from "@/db/schema";
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

const assignedItem = alias(exposureItems, "assigned_item");

/**
 * Of the companies an advisory's targets reach, those whose being reached the official may be told: the
 * condition on `organisations`. Reach by product or sector comes from the company directory, which the
 * official reads within assignment (`visibleCompanies`). Reach by supplier country comes from what the
 * companies disclosed: then a company is told only when the official may open a disclosure of it that
 * says so — not a draft, not withdrawn, its latest version sourcing from a targeted country (for a
 * targeted product, when products are given) and touching a product the official is assigned to — or
 * when its profile puts it in a targeted sector. A company the official reaches by its profile alone is
 * not told by country: that would tell where it sources products outside the official's assignment.
 */
export function knowableReach(actor: Actor, targets: { products: readonly string[]; countries: readonly string[]; sectors?: readonly string[] }): SQL {
  if (targets.countries.length === 0) return visibleCompanies(actor);
  const exposed = sql`exists (
    select 1 from ${disclosures}
    join ${disclosureVersions} on ${disclosureVersions.disclosureId} = ${disclosures.id} and ${disclosureVersions.number} = ${disclosures.latestVersion}
    join ${exposureItems} on ${exposureItems.versionId} = ${disclosureVersions.id}
    where ${disclosures.organisationId} = ${organisations.id} and ${disclosures.status} not in ('draft', 'withdrawn')
      and ${inArray(exposureItems.supplierCountry, [...targets.countries])}
      and ${targets.products.length ? inArray(exposureItems.productCode, [...targets.products]) : sql`true`}
      and exists (
        select 1 from ${exposureItems} as ${assignedItem}
        join ${productAssignments} on ${productAssignments.productCode} = ${assignedItem.productCode}
        where ${assignedItem.versionId} = ${disclosureVersions.id} and ${productAssignments.userId} = ${actor.userId}))`;
  const bySector = targets.sectors?.length
    ? sql`exists (select 1 from ${companyProfiles} where ${companyProfiles.organisationId} = ${organisations.id} and ${inArray(companyProfiles.sector, [...targets.sectors] as never[])})`
    : undefined;
  return and(visibleCompanies(actor), or(exposed, bySector))!;
}
