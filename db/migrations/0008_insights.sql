-- Risk insights (README, "Risk insights"). Agency staff see aggregates over every company's latest
-- submitted version, but row-level security (0006) lets them read only the companies within their
-- need-to-know. The aggregates are therefore computed by a SECURITY DEFINER function owned by a NOLOGIN
-- role of its own, app_insights, which alone may read every disclosure row and which nobody may become.
-- The function answers aggregates only, already suppressed (k-anonymity, complementary and recusal
-- suppression): no argument makes it return a figure drawn from fewer than three companies.
DO $$
BEGIN
  CREATE ROLE app_insights NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
-- A non-superuser owner can hand a function to a role it belongs to, which may create in the schema:
-- both only for the ALTER OWNER below (CREATE is taken back straight after).
GRANT app_insights TO current_user;--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA public TO app_insights;--> statement-breakpoint
GRANT SELECT ON disclosures, disclosure_versions, exposure_items, memberships, product_assignments, conflict_declarations, organisation_products TO app_insights;--> statement-breakpoint
CREATE POLICY disclosures_insights ON "disclosures" FOR SELECT TO app_insights USING (true);--> statement-breakpoint
CREATE POLICY disclosure_versions_insights ON "disclosure_versions" FOR SELECT TO app_insights USING (true);--> statement-breakpoint
CREATE POLICY exposure_items_insights ON "exposure_items" FOR SELECT TO app_insights USING (true);--> statement-breakpoint
-- The aggregates of the periods asked for, within the viewer's assigned products (optionally narrowed to
-- `products`). One row per product (supplier_country NULL) and, for a product that is published, one row
-- per supplier country. Definitions:
--   a company's dependence on a country for a product = its share of supply from that country, averaged
--     over the value-chain stages it reports for the product (items of one stage and country are added);
--   weighted share = the country's part of all supply reported for the product: the companies'
--     dependences weighted by how much of their supply they reported (the shares add up to 100);
--   HHI = the sum of the squared weighted shares (0-10,000);
--   single-source count = companies with a single-source item for the product;
--   inventory days of a company = its lowest inventory for the product (the input that runs out first).
-- Suppression (reason 'small_group'): a figure drawn from fewer than 3 companies, or one in which 1 or 2
-- of the companies are ones the viewer may not open (declared conflict, outside assignment), since with
-- the disclosures the viewer can read it would give those away. A suppressed product shows no cells.
-- Complementary suppression (reason 'complementary'): a product's weighted shares add up to 100 and their
-- squares to the HHI, so with one or two cells suppressed they could be solved for: further cells (fewest
-- companies first, then by country code) are suppressed until three are; when the product has fewer
-- cells than that, its HHI is withheld instead.
CREATE FUNCTION insights_exposure(viewer uuid, periods text[], products text[] DEFAULT NULL)
RETURNS TABLE (
  period text,
  product_code text,
  supplier_country text,
  company_count integer,
  median_dependence numeric,
  weighted_share numeric,
  hhi integer,
  hhi_suppressed boolean,
  single_source_count integer,
  median_inventory_days numeric,
  suppressed boolean,
  suppression text
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH scope AS (
    SELECT pa.product_code FROM product_assignments pa
    JOIN memberships m ON m.user_id = pa.user_id AND m.role IN ('agency_reviewer', 'agency_approver')
    WHERE pa.user_id = viewer AND (products IS NULL OR pa.product_code = ANY (products))
  ),
  latest AS (
    SELECT d.reporting_period AS period, d.organisation_id AS org, v.id AS version_id
    FROM disclosures d JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
    WHERE d.reporting_period = ANY (periods) AND d.latest_version >= 1
      AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  ),
  stage_shares AS (
    SELECT l.period, l.org, e.product_code, e.stage, e.supplier_country, sum(e.share_percent) AS share,
      bool_or(e.single_source) AS single_source, min(e.inventory_days) AS inventory_days
    FROM latest l JOIN exposure_items e ON e.version_id = l.version_id
    WHERE e.product_code IN (SELECT s.product_code FROM scope s)
    GROUP BY 1, 2, 3, 4, 5
  ),
  readable AS (
    SELECT o.org, (
      EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
              WHERE op.organisation_id = o.org AND pa.user_id = viewer)
      AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
              WHERE c.user_id = viewer AND c.company_id = o.org AND c.valid_from <= current_date
                AND (c.valid_until IS NULL OR c.valid_until >= current_date))) AS readable
    FROM (SELECT DISTINCT s.org FROM stage_shares s) o
  ),
  company_products AS (
    SELECT s.period, s.org, s.product_code, count(DISTINCT s.stage) AS stages, bool_or(s.single_source) AS single_source,
      min(s.inventory_days) AS inventory_days
    FROM stage_shares s GROUP BY 1, 2, 3
  ),
  dependence AS (
    SELECT s.period, s.org, s.product_code, s.supplier_country, sum(s.share) / cp.stages AS share
    FROM stage_shares s JOIN company_products cp ON (cp.period, cp.org, cp.product_code) = (s.period, s.org, s.product_code)
    GROUP BY s.period, s.org, s.product_code, s.supplier_country, cp.stages
  ),
  product_figures AS (
    SELECT cp.period, cp.product_code, count(*) AS companies, count(*) FILTER (WHERE NOT r.readable) AS hidden,
      count(*) FILTER (WHERE cp.single_source) AS single_source,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY cp.inventory_days) AS median_inventory
    FROM company_products cp JOIN readable r ON r.org = cp.org
    GROUP BY 1, 2
  ),
  products_ruled AS (
    SELECT p.*, (p.companies < 3 OR p.hidden IN (1, 2)) AS product_suppressed FROM product_figures p
  ),
  cell_figures AS (
    SELECT d.period, d.product_code, d.supplier_country, count(*) AS companies, count(*) FILTER (WHERE NOT r.readable) AS hidden,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY d.share) AS median_share,
      100 * sum(d.share) / nullif(sum(sum(d.share)) OVER (PARTITION BY d.period, d.product_code), 0) AS weighted
    FROM dependence d JOIN readable r ON r.org = d.org
    GROUP BY 1, 2, 3
  ),
  cells_primary AS (
    SELECT c.*, p.product_suppressed, (p.product_suppressed OR c.companies < 3 OR c.hidden IN (1, 2)) AS primary_suppressed
    FROM cell_figures c JOIN products_ruled p ON (p.period, p.product_code) = (c.period, c.product_code)
  ),
  cells_ranked AS (
    SELECT c.*,
      count(*) FILTER (WHERE c.primary_suppressed) OVER (PARTITION BY c.period, c.product_code) AS primary_count,
      row_number() OVER (PARTITION BY c.period, c.product_code, c.primary_suppressed ORDER BY c.companies, c.supplier_country) AS rank_among
    FROM cells_primary c
  ),
  cells_ruled AS (
    SELECT c.*,
      (NOT c.primary_suppressed AND c.primary_count BETWEEN 1 AND 2 AND c.rank_among <= 3 - c.primary_count) AS complementary
    FROM cells_ranked c
  ),
  concentration AS (
    SELECT c.period, c.product_code, round(sum(c.weighted ^ 2))::integer AS hhi,
      count(*) FILTER (WHERE c.primary_suppressed OR c.complementary) AS suppressed_cells
    FROM cells_ruled c GROUP BY 1, 2
  )
  SELECT p.period, p.product_code, NULL::text,
    CASE WHEN NOT p.product_suppressed THEN p.companies::integer END,
    NULL::numeric, NULL::numeric,
    CASE WHEN NOT p.product_suppressed AND k.suppressed_cells NOT IN (1, 2) THEN k.hhi END,
    p.product_suppressed OR k.suppressed_cells IN (1, 2),
    CASE WHEN NOT p.product_suppressed THEN p.single_source::integer END,
    CASE WHEN NOT p.product_suppressed THEN round(p.median_inventory::numeric, 1) END,
    p.product_suppressed,
    CASE WHEN p.product_suppressed THEN 'small_group' END
  FROM products_ruled p JOIN concentration k ON (k.period, k.product_code) = (p.period, p.product_code)
  UNION ALL
  SELECT c.period, c.product_code, c.supplier_country,
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN c.companies::integer END,
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN round(c.median_share::numeric, 1) END,
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN round(c.weighted, 1) END,
    NULL::integer, NULL::boolean, NULL::integer, NULL::numeric,
    c.primary_suppressed OR c.complementary,
    CASE WHEN c.primary_suppressed THEN 'small_group' WHEN c.complementary THEN 'complementary' END
  FROM cells_ruled c
  WHERE NOT c.product_suppressed
$$;--> statement-breakpoint
-- The reporting periods that have at least one submitted disclosure (the dashboard's period switch).
CREATE FUNCTION insights_periods() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT DISTINCT d.reporting_period FROM disclosures d
  WHERE d.latest_version >= 1 AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  ORDER BY 1
$$;--> statement-breakpoint
ALTER FUNCTION insights_exposure(uuid, text[], text[]) OWNER TO app_insights;--> statement-breakpoint
ALTER FUNCTION insights_periods() OWNER TO app_insights;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_exposure(uuid, text[], text[]) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_periods() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insights_exposure(uuid, text[], text[]) TO app_rls;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insights_periods() TO app_rls;
