-- Risk insights without a sort per view (BENCHMARKS.md, "Risk insights"). The figures of a period ×
-- product × supplier country that do not depend on who looks — how many companies, the median dependence,
-- the sum of dependences — and those of a period × product — companies, single-source count, median
-- inventory — are kept in two tables, recomputed for the periods and products a change touches, in the
-- transaction of that change. A view then reads about one row per cell instead of sorting every company's
-- rows for the medians, and computes at view time only what depends on the viewer: the companies in each
-- figure the viewer may not open (outside assignment or recused), which decide suppression.
CREATE TABLE exposure_cell_totals (
  period text NOT NULL,
  product_code text NOT NULL,
  supplier_country text NOT NULL,
  companies integer NOT NULL,
  median_share double precision NOT NULL,
  share_sum double precision NOT NULL,
  PRIMARY KEY (period, product_code, supplier_country)
);--> statement-breakpoint
CREATE TABLE exposure_product_totals (
  period text NOT NULL,
  product_code text NOT NULL,
  companies integer NOT NULL,
  single_source integer NOT NULL,
  median_inventory double precision NOT NULL,
  PRIMARY KEY (period, product_code)
);--> statement-breakpoint
-- Only app_insights reads or writes them, like the per-version summaries of 0008.
REVOKE ALL ON exposure_cell_totals, exposure_product_totals FROM PUBLIC, app_rls;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON exposure_cell_totals, exposure_product_totals TO app_insights;--> statement-breakpoint
ALTER TABLE exposure_cell_totals ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE exposure_cell_totals FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY exposure_cell_totals_insights ON exposure_cell_totals TO app_insights USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE exposure_product_totals ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE exposure_product_totals FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY exposure_product_totals_insights ON exposure_product_totals TO app_insights USING (true) WITH CHECK (true);--> statement-breakpoint
-- A refresh reads one product's summaries across the latest versions of a period.
CREATE INDEX exposure_dependences_product_idx ON exposure_dependences (product_code, version_id);--> statement-breakpoint
CREATE INDEX exposure_company_products_product_idx ON exposure_company_products (product_code, version_id);--> statement-breakpoint
GRANT app_insights TO current_user;--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA public TO app_insights;--> statement-breakpoint
-- Recomputes the totals of the given periods × products from every company's latest submitted version.
-- One transaction at a time per period (an advisory lock held to commit, taken in period order): the
-- statements after the lock see what the transaction before committed, so concurrent submissions of one
-- period never leave totals that miss one of them.
CREATE FUNCTION insights_refresh(periods text[], products text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  p text;
BEGIN
  IF periods IS NULL OR products IS NULL OR cardinality(periods) = 0 OR cardinality(products) = 0 THEN
    RETURN;
  END IF;
  FOR p IN SELECT DISTINCT x FROM unnest(periods) x ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('kakehashi.insights_totals'), hashtext(p));
  END LOOP;
  DELETE FROM exposure_cell_totals t WHERE t.period = ANY (periods) AND t.product_code = ANY (products);
  DELETE FROM exposure_product_totals t WHERE t.period = ANY (periods) AND t.product_code = ANY (products);
  INSERT INTO exposure_cell_totals (period, product_code, supplier_country, companies, median_share, share_sum)
  SELECT d.reporting_period, e.product_code, e.supplier_country, count(*),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY e.share), sum(e.share)
  FROM disclosures d
  JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
  JOIN exposure_dependences e ON e.version_id = v.id
  WHERE d.reporting_period = ANY (periods) AND e.product_code = ANY (products) AND d.latest_version >= 1
    AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  GROUP BY 1, 2, 3;
  INSERT INTO exposure_product_totals (period, product_code, companies, single_source, median_inventory)
  SELECT d.reporting_period, c.product_code, count(*), count(*) FILTER (WHERE c.single_source),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY c.inventory_days)
  FROM disclosures d
  JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
  JOIN exposure_company_products c ON c.version_id = v.id
  WHERE d.reporting_period = ANY (periods) AND c.product_code = ANY (products) AND d.latest_version >= 1
    AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  GROUP BY 1, 2;
END
$$;--> statement-breakpoint
-- New items (a version being submitted): its period, for the products of its items. Named to fire after
-- exposure_items_summarise (triggers of one event fire in name order), whose summaries it reads.
CREATE FUNCTION insights_refresh_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM insights_refresh(
    (SELECT array_agg(DISTINCT d.reporting_period) FROM added a JOIN disclosure_versions v ON v.id = a.version_id JOIN disclosures d ON d.id = v.disclosure_id),
    (SELECT array_agg(DISTINCT a.product_code) FROM added a));
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER exposure_items_totals AFTER INSERT ON exposure_items REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION insights_refresh_items();--> statement-breakpoint
-- A disclosure whose latest version or status changed (submitted, withdrawn, accepted…): its period, for
-- the products of the version it pointed to before and of the one it points to now.
CREATE FUNCTION insights_refresh_disclosures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  touched_periods text[];
  touched_products text[];
BEGIN
  WITH changed AS (
    SELECT n.id, n.reporting_period AS period, n.latest_version AS now_version, o.latest_version AS was_version
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.latest_version IS DISTINCT FROM o.latest_version OR n.status IS DISTINCT FROM o.status
  )
  SELECT array_agg(DISTINCT ch.period), array_agg(DISTINCT c.product_code) INTO touched_periods, touched_products
  FROM changed ch
  JOIN disclosure_versions v ON v.disclosure_id = ch.id AND v.number IN (ch.now_version, ch.was_version)
  JOIN exposure_company_products c ON c.version_id = v.id;
  PERFORM insights_refresh(touched_periods, touched_products);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER disclosures_insights_totals AFTER UPDATE ON disclosures REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION insights_refresh_disclosures();--> statement-breakpoint
ALTER FUNCTION insights_refresh(text[], text[]) OWNER TO app_insights;--> statement-breakpoint
ALTER FUNCTION insights_refresh_items() OWNER TO app_insights;--> statement-breakpoint
ALTER FUNCTION insights_refresh_disclosures() OWNER TO app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_refresh(text[], text[]) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_refresh_items() FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_refresh_disclosures() FROM PUBLIC;--> statement-breakpoint
-- The periods and products submitted before this migration.
SELECT insights_refresh(
  (SELECT array_agg(DISTINCT reporting_period) FROM disclosures),
  (SELECT array_agg(DISTINCT product_code) FROM exposure_company_products));--> statement-breakpoint
-- The dashboard's aggregates, as in 0008 (the definitions and suppression rules are unchanged), from the
-- totals: what depends on the viewer is counted over the companies the viewer may not open only.
CREATE OR REPLACE FUNCTION insights_exposure(viewer uuid, periods text[], products text[] DEFAULT NULL)
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
SET jit = off AS $$
  WITH scope AS (
    SELECT pa.product_code FROM product_assignments pa
    JOIN memberships m ON m.user_id = pa.user_id AND m.role IN ('agency_reviewer', 'agency_approver')
    WHERE pa.user_id = viewer AND (products IS NULL OR pa.product_code = ANY (products))
  ),
  -- Companies whose disclosures the viewer may open: an assignment overlap and no conflict in force (as the
  -- row-level security of 0010).
  overlap AS (
    SELECT op.organisation_id AS org FROM organisation_products op
    JOIN product_assignments pa ON pa.product_code = op.product_code WHERE pa.user_id = viewer
  ),
  recused AS (
    SELECT c.company_id AS org FROM conflict_declarations c
    WHERE c.user_id = viewer AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date)
  ),
  -- The latest submitted versions of the companies the viewer may not open: usually none or a few.
  unreadable AS (
    SELECT d.reporting_period AS period, v.id AS version_id
    FROM disclosures d JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
    WHERE d.reporting_period = ANY (periods) AND d.latest_version >= 1
      AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
      AND (d.organisation_id NOT IN (SELECT o.org FROM overlap o) OR d.organisation_id IN (SELECT r.org FROM recused r))
  ),
  hidden_products AS (
    SELECT u.period, c.product_code, count(*) AS hidden
    FROM unreadable u JOIN exposure_company_products c ON c.version_id = u.version_id
    WHERE c.product_code IN (SELECT s.product_code FROM scope s) GROUP BY 1, 2
  ),
  hidden_cells AS (
    SELECT u.period, e.product_code, e.supplier_country, count(*) AS hidden
    FROM unreadable u JOIN exposure_dependences e ON e.version_id = u.version_id
    WHERE e.product_code IN (SELECT s.product_code FROM scope s) GROUP BY 1, 2, 3
  ),
  products_ruled AS (
    SELECT t.period, t.product_code, t.companies, t.single_source, t.median_inventory,
      (t.companies < 3 OR coalesce(h.hidden, 0) IN (1, 2)) AS product_suppressed
    FROM exposure_product_totals t
    LEFT JOIN hidden_products h ON (h.period, h.product_code) = (t.period, t.product_code)
    WHERE t.period = ANY (periods) AND t.product_code IN (SELECT s.product_code FROM scope s)
  ),
  cells_primary AS (
    SELECT t.period, t.product_code, t.supplier_country, t.companies, t.median_share,
      100 * t.share_sum / nullif(sum(t.share_sum) OVER (PARTITION BY t.period, t.product_code), 0) AS weighted,
      p.product_suppressed, (p.product_suppressed OR t.companies < 3 OR coalesce(h.hidden, 0) IN (1, 2)) AS primary_suppressed
    FROM exposure_cell_totals t
    JOIN products_ruled p ON (p.period, p.product_code) = (t.period, t.product_code)
    LEFT JOIN hidden_cells h ON (h.period, h.product_code, h.supplier_country) = (t.period, t.product_code, t.supplier_country)
  ),
  cells_ranked AS (
    SELECT c.*,
      count(*) FILTER (WHERE c.primary_suppressed) OVER (PARTITION BY c.period, c.product_code) AS primary_count,
      row_number() OVER (PARTITION BY c.period, c.product_code, c.primary_suppressed ORDER BY c.companies, c.supplier_country COLLATE "C") AS rank_among
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
    CASE WHEN NOT p.product_suppressed THEN p.companies END,
    NULL::numeric, NULL::numeric,
    CASE WHEN NOT p.product_suppressed AND k.suppressed_cells NOT IN (1, 2) THEN k.hhi END,
    p.product_suppressed OR k.suppressed_cells IN (1, 2),
    CASE WHEN NOT p.product_suppressed THEN p.single_source END,
    CASE WHEN NOT p.product_suppressed THEN round(p.median_inventory::numeric, 1) END,
    p.product_suppressed,
    CASE WHEN p.product_suppressed THEN 'small_group' END
  FROM products_ruled p JOIN concentration k ON (k.period, k.product_code) = (p.period, p.product_code)
  UNION ALL
  SELECT c.period, c.product_code, c.supplier_country,
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN c.companies END,
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN round(c.median_share::numeric, 1) END,
    CASE WHEN NOT (c.primary_suppressed OR c.complementary) THEN round(c.weighted::numeric, 1) END,
    NULL::integer, NULL::boolean, NULL::integer, NULL::numeric,
    c.primary_suppressed OR c.complementary,
    CASE WHEN c.primary_suppressed THEN 'small_group' WHEN c.complementary THEN 'complementary' END
  FROM cells_ruled c
  WHERE NOT c.product_suppressed
$$;--> statement-breakpoint
ALTER FUNCTION insights_exposure(uuid, text[], text[]) OWNER TO app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_exposure(uuid, text[], text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insights_exposure(uuid, text[], text[]) TO app_rls;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM app_insights;
