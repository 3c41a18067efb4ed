import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { disclosures, disclosureVersions, exposureItems, organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { insightCompaniesQuerySchema, type InsightCompanies } from "@/lib/schemas/insights";
import type { ServiceCall } from "./context";
import { parseInput } from "./input";
import { agencyScope } from "./internal/disclosures";
import { enterRowSecurity } from "./internal/row-security";
import { assignedProducts, narrowToAssignment } from "./internal/insights";
import { withTx } from "./transaction";

export const DRILL_DOWN_PURPOSE = "risk insights drill-down";

type Row = {
  organisationId: string;
  nameEn: string;
  nameJa: string;
  disclosureId: string;
  version: number;
  singleSource: boolean;
  inventoryDays: number;
  dependence: { supplierCountry: string; share: number | string }[] | string;
  matched: boolean;
};

/**
 * The companies behind a product (and optionally one supplier country) in a period, each with its own
 * figures, as defined for the aggregates (migration 0008). Only companies within the viewer's
 * need-to-know (assignment, no declared conflict) are listed: the services' scope and row-level security
 * both apply. Each company listed is an audited access to its data, shown in its access log. With a
 * country, every company of the product was looked at to pick those out, and one left out is known not
 * to source from there: each is recorded alike (the events do not say which were listed, which would
 * tell auditors the figures).
 */
export async function listInsightCompanies({ ctx, input }: ServiceCall<Record<string, unknown>>): Promise<InsightCompanies> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "insights.drill_down", undefined, { hidden: true });
    const query = parseInput(insightCompaniesQuerySchema, input, "(query)");
    narrowToAssignment(await assignedProducts(tx, actor.userId), [query.product], "insights.drill_down");
    await enterRowSecurity(tx, actor);
    const country = query.country ?? null;
    const rows = rowsOf<Row>(
      await tx.execute(sql`
        with latest as (
          select ${disclosures.id} as disclosure_id, ${disclosures.organisationId} as org, ${disclosureVersions.id} as version_id, ${disclosureVersions.number} as number
          from ${disclosures} join ${disclosureVersions} on ${disclosureVersions.disclosureId} = ${disclosures.id} and ${disclosureVersions.number} = ${disclosures.latestVersion}
          where ${disclosures.reportingPeriod} = ${query.period}
            and ${disclosures.status} in ('submitted', 'under_review', 'changes_requested', 'accepted')
            and ${agencyScope(actor.userId)}
        ),
        stage_shares as (
          select l.disclosure_id, l.org, l.number, e.stage, e.supplier_country, sum(e.share_percent) as share,
            bool_or(e.single_source) as single_source, min(e.inventory_days) as inventory_days
          from latest l join ${exposureItems} e on e.version_id = l.version_id
          where e.product_code = ${query.product}
          group by 1, 2, 3, 4, 5
        ),
        companies as (
          select disclosure_id, org, number, count(distinct stage) as stages, bool_or(single_source) as single_source, min(inventory_days) as inventory_days
          from stage_shares group by 1, 2, 3
        ),
        dependence as (
          select s.org, s.supplier_country, round(sum(s.share) / c.stages, 1) as share
          from stage_shares s join companies c on c.org = s.org
          group by s.org, s.supplier_country, c.stages
        )
        select c.org as "organisationId", o.name_en as "nameEn", o.name_ja as "nameJa", c.disclosure_id as "disclosureId", c.number as "version",
          c.single_source as "singleSource", c.inventory_days as "inventoryDays",
          (select json_agg(json_build_object('supplierCountry', d.supplier_country, 'share', d.share) order by d.share desc, d.supplier_country)
             from dependence d where d.org = c.org) as dependence,
          ${country}::text is null or exists (select 1 from dependence d where d.org = c.org and d.supplier_country = ${country}) as matched
        from companies c join ${organisations} o on o.id = c.org
        order by o.name_en`),
    );
    for (const r of rows) {
      await emit(tx, ctx, {
        action: "insights.drill_down",
        outcome: "allowed",
        purpose: DRILL_DOWN_PURPOSE,
        target: { type: "disclosure", id: r.disclosureId, orgId: r.organisationId },
        details: { period: query.period, productCode: query.product, version: r.version },
      });
    }
    return {
      period: query.period,
      productCode: query.product,
      supplierCountry: country,
      companies: rows.filter((r) => r.matched).map((r) => {
        const dependence = typeof r.dependence === "string" ? (JSON.parse(r.dependence) as Exclude<Row["dependence"], string>) : r.dependence;
        return {
          organisation: { id: r.organisationId, name: { en: r.nameEn, ja: r.nameJa } },
          disclosureId: r.disclosureId,
          version: Number(r.version),
          singleSource: r.singleSource,
          inventoryDays: Number(r.inventoryDays),
          dependence: dependence.map((d) => ({ supplierCountry: d.supplierCountry, share: Number(d.share) })),
        };
      }),
    };
  });
}
