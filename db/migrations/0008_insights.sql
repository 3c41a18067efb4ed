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
-- Per-version summaries, written with the version's items by the trigger below, so that the dashboard
-- aggregates a row per company × product × country instead of grouping every item on every view:
--   exposure_company_products: per version and product, the stages reported, single source, lowest inventory;
--   exposure_dependences: per version, product and supplier country, the company's dependence (its
--     share from that country summed over its items, divided by the number of stages it reports).
-- They hold company-level figures: only app_insights reads or writes them (row-level security, forced).
CREATE TABLE exposure_company_products (
  version_id uuid NOT NULL REFERENCES disclosure_versions (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  product_code text NOT NULL,
  stages integer NOT NULL,
  single_source boolean NOT NULL,
  inventory_days integer NOT NULL,
  PRIMARY KEY (version_id, product_code)
);--> statement-breakpoint
CREATE TABLE exposure_dependences (
  version_id uuid NOT NULL REFERENCES disclosure_versions (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  product_code text NOT NULL,
  supplier_country text NOT NULL,
  share double precision NOT NULL,
  PRIMARY KEY (version_id, product_code, supplier_country)
);--> statement-breakpoint
REVOKE ALL ON exposure_company_products, exposure_dependences FROM PUBLIC, app_rls;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON exposure_company_products, exposure_dependences TO app_insights;--> statement-breakpoint
ALTER TABLE exposure_company_products ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE exposure_company_products FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY exposure_company_products_insights ON exposure_company_products TO app_insights USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE exposure_dependences ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE exposure_dependences FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY exposure_dependences_insights ON exposure_dependences TO app_insights USING (true) WITH CHECK (true);--> statement-breakpoint
-- Recomputed from all the items of each version the statement touched, so a version whose items came in
-- more than one statement is still summarised whole.
CREATE FUNCTION insights_summarise_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  INSERT INTO exposure_company_products (version_id, organisation_id, product_code, stages, single_source, inventory_days)
  SELECT e.version_id, min(e.organisation_id::text)::uuid, e.product_code, count(DISTINCT e.stage), bool_or(e.single_source), min(e.inventory_days)
  FROM exposure_items e WHERE e.version_id IN (SELECT DISTINCT a.version_id FROM added a)
  GROUP BY e.version_id, e.product_code
  ON CONFLICT (version_id, product_code) DO UPDATE
    SET stages = excluded.stages, single_source = excluded.single_source, inventory_days = excluded.inventory_days;
  INSERT INTO exposure_dependences (version_id, organisation_id, product_code, supplier_country, share)
  SELECT e.version_id, c.organisation_id, e.product_code, e.supplier_country, sum(e.share_percent)::double precision / c.stages
  FROM exposure_items e JOIN exposure_company_products c ON (c.version_id, c.product_code) = (e.version_id, e.product_code)
  WHERE e.version_id IN (SELECT DISTINCT a.version_id FROM added a)
  GROUP BY e.version_id, c.organisation_id, e.product_code, e.supplier_country, c.stages
  ON CONFLICT (version_id, product_code, supplier_country) DO UPDATE SET share = excluded.share;
  RETURN NULL;
END
$$;--> statement-breakpoint
ALTER FUNCTION insights_summarise_items() OWNER TO app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_summarise_items() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER exposure_items_summarise AFTER INSERT ON exposure_items REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION insights_summarise_items();--> statement-breakpoint
-- Versions submitted before this migration.
INSERT INTO exposure_company_products (version_id, organisation_id, product_code, stages, single_source, inventory_days)
SELECT e.version_id, min(e.organisation_id::text)::uuid, e.product_code, count(DISTINCT e.stage), bool_or(e.single_source), min(e.inventory_days)
FROM exposure_items e GROUP BY e.version_id, e.product_code;--> statement-breakpoint
INSERT INTO exposure_dependences (version_id, organisation_id, product_code, supplier_country, share)
SELECT e.version_id, c.organisation_id, e.product_code, e.supplier_country, sum(e.share_percent)::double precision / c.stages
FROM exposure_items e JOIN exposure_company_products c ON (c.version_id, c.product_code) = (e.version_id, e.product_code)
GROUP BY e.version_id, c.organisation_id, e.product_code, e.supplier_country, c.stages;--> statement-breakpoint
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
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
-- Sorts and hashes of a few hundred thousand summary rows in memory, and no JIT compilation (which costs
-- more than it saves at this size).
SET work_mem = '64MB' SET jit = off AS $$
  WITH scope AS (
    SELECT pa.product_code FROM product_assignments pa
    JOIN memberships m ON m.user_id = pa.user_id AND m.role IN ('agency_reviewer', 'agency_approver')
    WHERE pa.user_id = viewer AND (products IS NULL OR pa.product_code = ANY (products))
  ),
  -- Inlined wherever it is used (a 10,000-row join), so the planner sees its real size and hashes it.
  latest AS NOT MATERIALIZED (
    SELECT d.reporting_period AS period, v.id AS version_id
    FROM disclosures d JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
    WHERE d.reporting_period = ANY (periods) AND d.latest_version >= 1
      AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  ),
  -- Companies whose disclosures the viewer may open: an assignment overlap and no conflict in force (app_may_see).
  -- Looked up per row (hashed), so they do not reorder the joins.
  overlap AS (
    SELECT op.organisation_id AS org FROM organisation_products op
    JOIN product_assignments pa ON pa.product_code = op.product_code WHERE pa.user_id = viewer
  ),
  recused AS (
    SELECT c.company_id AS org FROM conflict_declarations c
    WHERE c.user_id = viewer AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date)
  ),
  -- Codes sort bytewise ("C"): no collation is needed for them, and abbreviated keys make the sorts cheap.
  companies AS (
    SELECT l.period COLLATE "C" AS period, c.product_code COLLATE "C" AS product_code, c.single_source, c.inventory_days,
      (c.organisation_id IN (SELECT o.org FROM overlap o) AND c.organisation_id NOT IN (SELECT r.org FROM recused r)) AS readable
    FROM exposure_company_products c JOIN latest l ON l.version_id = c.version_id
    WHERE c.product_code IN (SELECT s.product_code FROM scope s)
  ),
  dependence AS (
    SELECT l.period COLLATE "C" AS period, d.product_code COLLATE "C" AS product_code, d.supplier_country COLLATE "C" AS supplier_country, d.share,
      (d.organisation_id IN (SELECT o.org FROM overlap o) AND d.organisation_id NOT IN (SELECT r.org FROM recused r)) AS readable
    FROM exposure_dependences d JOIN latest l ON l.version_id = d.version_id
    WHERE d.product_code IN (SELECT s.product_code FROM scope s)
  ),
  product_figures AS (
    SELECT p.period, p.product_code, count(*) AS companies, count(*) FILTER (WHERE NOT p.readable) AS hidden,
      count(*) FILTER (WHERE p.single_source) AS single_source,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY p.inventory_days) AS median_inventory
    FROM companies p
    GROUP BY 1, 2
  ),
  products_ruled AS (
    SELECT p.*, (p.companies < 3 OR p.hidden IN (1, 2)) AS product_suppressed FROM product_figures p
  ),
  cell_figures AS (
    SELECT d.period, d.product_code, d.supplier_country, count(*) AS companies, count(*) FILTER (WHERE NOT d.readable) AS hidden,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY d.share) AS median_share,
      100 * sum(d.share) / nullif(sum(sum(d.share)) OVER (PARTITION BY d.period, d.product_code), 0) AS weighted
    FROM dependence d
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
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN round(c.weighted::numeric, 1) END,
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
