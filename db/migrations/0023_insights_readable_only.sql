-- Risk insights drawn only from the companies the viewer may open (README, "Risk insights").
--
-- Until now a viewer's figures counted every company that reported a product, and were suppressed when 1
-- or 2 of those companies were ones the viewer may not open (a declared conflict, or outside assignment),
-- since with the disclosures the viewer can read such a figure would give theirs away. That rule could be
-- defeated: a reviewer recused from one company could declare a conflict of a day with two companies
-- whose disclosures they had already read, so that three were hidden, see the figure published, and
-- subtract the four they knew to learn the recused company's own. Figures over groups that change with
-- the viewer's conflicts cannot be made safe by counting; so the hidden companies are now left out:
-- every figure, count, cell and suppression mark a viewer gets is computed from the latest submitted
-- versions of the companies the viewer may open, and nothing a hidden company reports reaches it (the
-- test changes a hidden company's figures and compares the answer). What remains to be learnt by
-- comparing two views is at most the figures of a company the viewer could open (audited) anyway.
--
-- How, without regrouping every company per view: the totals kept by 0011 also keep, per cell, every
-- company's dependence, sorted (`shares`), and per product every company's inventory days, sorted
-- (`inventories`). A view takes the hidden companies' own rows (few: an official's assignment reaches the
-- companies that deal in those products, so only a declared conflict, or a company reporting a product
-- it does not list, makes one hidden) away from the totals: counts and sums by subtraction, medians by
-- insights_median_without() over the sorted values, which skips the hidden ones' positions (no sort, a
-- step per hidden value). The threshold (fewer than 3 companies) and the complementary suppression are
-- those of 0008, unchanged.
ALTER TABLE exposure_cell_totals ADD COLUMN shares double precision[] NOT NULL DEFAULT '{}';--> statement-breakpoint
ALTER TABLE exposure_product_totals ADD COLUMN inventories double precision[] NOT NULL DEFAULT '{}';--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA public TO app_insights;--> statement-breakpoint
-- The median (as percentile_cont(0.5)) of `sorted` (ascending) once the values of `removed`, each of which
-- is among them, are taken out. For each removed value the first of its copies goes; the k-th value kept
-- is then at k plus the number of removed positions at or before it.
CREATE FUNCTION insights_median_without(sorted double precision[], removed double precision[]) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  kept constant integer := cardinality(sorted) - cardinality(removed);
  gone integer[] := '{}';
  value double precision;
  copies integer;
  first integer;
  low integer;
  high integer;
  position integer;
BEGIN
  IF kept <= 0 THEN
    RETURN NULL;
  END IF;
  FOR value, copies IN SELECT r, count(*)::integer FROM unnest(removed) r GROUP BY r LOOP
    first := array_position(sorted, value);
    IF first IS NULL OR first + copies - 1 > cardinality(sorted) OR sorted[first + copies - 1] <> value THEN
      RAISE EXCEPTION 'insights_median_without: a value to take out is not among the sorted values';
    END IF;
    gone := gone || ARRAY(SELECT generate_series(first, first + copies - 1));
  END LOOP;
  gone := ARRAY(SELECT g FROM unnest(gone) g ORDER BY g);
  low := (kept + 1) / 2;
  FOREACH position IN ARRAY gone LOOP
    EXIT WHEN position > low;
    low := low + 1;
  END LOOP;
  high := kept / 2 + 1;
  FOREACH position IN ARRAY gone LOOP
    EXIT WHEN position > high;
    high := high + 1;
  END LOOP;
  -- percentile_cont's own interpolation, so that an answer with nothing taken out is the same value.
  RETURN sorted[low] + (sorted[high] - sorted[low]) * 0.5;
END
$$;--> statement-breakpoint
-- As 0011, keeping the sorted values too.
CREATE OR REPLACE FUNCTION insights_refresh(periods text[], products text[]) RETURNS void
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
  INSERT INTO exposure_cell_totals (period, product_code, supplier_country, companies, median_share, share_sum, shares)
  SELECT d.reporting_period, e.product_code, e.supplier_country, count(*),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY e.share), sum(e.share), array_agg(e.share ORDER BY e.share)
  FROM disclosures d
  JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
  JOIN exposure_dependences e ON e.version_id = v.id
  WHERE d.reporting_period = ANY (periods) AND e.product_code = ANY (products) AND d.latest_version >= 1
    AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  GROUP BY 1, 2, 3;
  INSERT INTO exposure_product_totals (period, product_code, companies, single_source, median_inventory, inventories)
  SELECT d.reporting_period, c.product_code, count(*), count(*) FILTER (WHERE c.single_source),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY c.inventory_days), array_agg(c.inventory_days::double precision ORDER BY c.inventory_days)
  FROM disclosures d
  JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
  JOIN exposure_company_products c ON c.version_id = v.id
  WHERE d.reporting_period = ANY (periods) AND c.product_code = ANY (products) AND d.latest_version >= 1
    AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
  GROUP BY 1, 2;
END
$$;--> statement-breakpoint
SELECT insights_refresh(
  (SELECT array_agg(DISTINCT reporting_period) FROM disclosures),
  (SELECT array_agg(DISTINCT product_code) FROM exposure_company_products));--> statement-breakpoint
-- The dashboard's aggregates (definitions as 0008), over the companies the viewer may open only.
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
  -- row-level security of 0010 and its successors).
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
  -- What those companies put into the totals, to be taken out again: their rows for the products in scope,
  -- found from the products' side (the companies outside an official's assignment seldom report its products).
  hidden AS (
    SELECT u.period, c.version_id, c.product_code, c.single_source, c.inventory_days
    FROM exposure_company_products c JOIN unreadable u ON u.version_id = c.version_id
    WHERE c.product_code IN (SELECT s.product_code FROM scope s)
  ),
  hidden_products AS (
    SELECT h.period, h.product_code, count(*)::integer AS companies, (count(*) FILTER (WHERE h.single_source))::integer AS single_source,
      array_agg(h.inventory_days::double precision) AS inventories
    FROM hidden h GROUP BY 1, 2
  ),
  hidden_cells AS (
    SELECT h.period, e.product_code, e.supplier_country, count(*)::integer AS companies, sum(e.share) AS share_sum, array_agg(e.share) AS shares
    FROM hidden h JOIN exposure_dependences e ON e.version_id = h.version_id AND e.product_code = h.product_code
    GROUP BY 1, 2, 3
  ),
  product_figures AS (
    SELECT t.period, t.product_code, t.companies - coalesce(h.companies, 0) AS companies,
      t.single_source - coalesce(h.single_source, 0) AS single_source,
      CASE WHEN h.companies IS NULL THEN t.median_inventory ELSE insights_median_without(t.inventories, h.inventories) END AS median_inventory
    FROM exposure_product_totals t
    LEFT JOIN hidden_products h ON (h.period, h.product_code) = (t.period, t.product_code)
    WHERE t.period = ANY (periods) AND t.product_code IN (SELECT s.product_code FROM scope s)
  ),
  products_ruled AS (
    SELECT p.*, p.companies < 3 AS product_suppressed FROM product_figures p WHERE p.companies > 0
  ),
  -- A dependence is a share (two decimals) over 1 to 4 stages, so sums are whole multiples of 1/1200:
  -- rounded to six decimals they are exact, whichever companies were added and taken away.
  cell_figures AS (
    SELECT t.period, t.product_code, t.supplier_country, t.companies - coalesce(h.companies, 0) AS companies,
      CASE WHEN h.companies IS NULL THEN t.median_share ELSE insights_median_without(t.shares, h.shares) END AS median_share,
      round((t.share_sum - coalesce(h.share_sum, 0))::numeric, 6)::double precision AS share_sum
    FROM exposure_cell_totals t
    LEFT JOIN hidden_cells h ON (h.period, h.product_code, h.supplier_country) = (t.period, t.product_code, t.supplier_country)
    WHERE t.period = ANY (periods) AND t.product_code IN (SELECT s.product_code FROM scope s)
  ),
  cells_primary AS (
    SELECT c.period, c.product_code, c.supplier_country, c.companies, c.median_share,
      100 * c.share_sum / nullif(sum(c.share_sum) OVER (PARTITION BY c.period, c.product_code), 0) AS weighted,
      p.product_suppressed, (p.product_suppressed OR c.companies < 3) AS primary_suppressed
    FROM cell_figures c
    JOIN products_ruled p ON (p.period, p.product_code) = (c.period, c.product_code)
    WHERE c.companies > 0
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
ALTER FUNCTION insights_median_without(double precision[], double precision[]) OWNER TO app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_median_without(double precision[], double precision[]) FROM PUBLIC;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM app_insights;
