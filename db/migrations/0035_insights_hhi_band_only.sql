-- A product's HHI was published exactly whenever none or three and more of its supplier-country cells
-- were suppressed. With three or more, the exact HHI is the sum of the squares of the suppressed cells'
-- weighted shares once the published ones are taken away, and their sum is 100 less the published shares:
-- two equations over the withheld cells, so whoever learns one of three (a company that knows its own
-- figure dominates a cell, a colleague's drill-down, an earlier period) solves the other two, and the
-- complementary suppression protects nothing. An official recused from a company and shown a colleague's
-- figures could also take the companies they may open away from them.
--
-- The exact HHI is now published only when every cell of the product in that period is published (and
-- so can be summed from them anyway: it adds nothing). When some are suppressed, only its band is given
-- (DOJ/FTC 2010: below 1,500 unconcentrated, 1,500 to 2,500 moderate, above 2,500 high; as
-- lib/insights/concentration.ts, and the test compares both at the edges), which bounds the withheld
-- squares by a range of 1,000 or more instead of fixing them. With one or two suppressed cells the HHI is
-- withheld altogether, as before (the band would bound the split of a known sum between two cells).
-- Done here, where suppression is decided, so the exact value never leaves the database.
GRANT USAGE, CREATE ON SCHEMA public TO app_insights;--> statement-breakpoint
DROP FUNCTION insights_exposure_mine(text[], text[]);--> statement-breakpoint
CREATE FUNCTION insights_hhi_band(hhi integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN hhi > 2500 THEN 'high' WHEN hhi >= 1500 THEN 'moderate' ELSE 'unconcentrated' END
$$;--> statement-breakpoint
CREATE FUNCTION insights_exposure_mine(periods text[], products text[] DEFAULT NULL)
RETURNS TABLE (
  period text,
  product_code text,
  supplier_country text,
  company_count integer,
  median_dependence numeric,
  weighted_share numeric,
  hhi integer,
  hhi_band text,
  hhi_suppressed boolean,
  single_source_count integer,
  median_inventory_days numeric,
  suppressed boolean,
  suppression text
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  WITH e AS (
    SELECT * FROM insights_exposure(app_setting('app.user_id')::uuid, periods, products)
    WHERE app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
  ),
  withheld AS (
    SELECT e.period, e.product_code, count(*) FILTER (WHERE e.suppressed) AS cells
    FROM e WHERE e.supplier_country IS NOT NULL GROUP BY 1, 2
  )
  SELECT e.period, e.product_code, e.supplier_country, e.company_count, e.median_dependence, e.weighted_share,
    CASE WHEN coalesce(w.cells, 0) = 0 THEN e.hhi END,
    insights_hhi_band(e.hhi),
    CASE WHEN e.supplier_country IS NULL THEN e.hhi_suppressed OR coalesce(w.cells, 0) > 0 END,
    e.single_source_count, e.median_inventory_days, e.suppressed, e.suppression
  FROM e LEFT JOIN withheld w ON (w.period, w.product_code) = (e.period, e.product_code)
$$;--> statement-breakpoint
ALTER FUNCTION insights_hhi_band(integer) OWNER TO app_insights;--> statement-breakpoint
ALTER FUNCTION insights_exposure_mine(text[], text[]) OWNER TO app_insights;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_exposure_mine(text[], text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insights_exposure_mine(text[], text[]) TO app_rls;
