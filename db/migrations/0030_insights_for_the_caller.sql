-- Since 0023 a viewer's figures are drawn from the companies that viewer may open, so two viewers' answers
-- differ by the companies one may open and the other not; and insights_exposure() took the viewer as an
-- argument, trusted whatever the caller passed. A request role that asked it for two officials (a bug, an
-- injected statement) could subtract one answer from the other and read a company's own figures, with no
-- access recorded. The application's role now reaches the aggregates only through functions that take the
-- viewer from the request's own settings (app.user_id and app.role, which also bind the row-level security
-- of the disclosure tables), and the periods offered are those of the companies that viewer may open (the
-- list of every period with data told that someone, perhaps a hidden company, had filed one).
GRANT USAGE, CREATE ON SCHEMA public TO app_insights;--> statement-breakpoint
CREATE FUNCTION insights_exposure_mine(periods text[], products text[] DEFAULT NULL)
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
  SELECT e.* FROM insights_exposure(app_setting('app.user_id')::uuid, periods, products) e
  WHERE app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
$$;--> statement-breakpoint
CREATE FUNCTION insights_periods_mine() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT DISTINCT d.reporting_period FROM disclosures d
  WHERE d.latest_version >= 1 AND d.status IN ('submitted', 'under_review', 'changes_requested', 'accepted')
    AND app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
    AND EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                WHERE op.organisation_id = d.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid)
    AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                    WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = d.organisation_id
                      AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
  ORDER BY 1
$$;--> statement-breakpoint
ALTER FUNCTION insights_exposure_mine(text[], text[]) OWNER TO app_insights;--> statement-breakpoint
ALTER FUNCTION insights_periods_mine() OWNER TO app_insights;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM app_insights;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_exposure_mine(text[], text[]) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION insights_periods_mine() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insights_exposure_mine(text[], text[]) TO app_rls;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION insights_periods_mine() TO app_rls;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION insights_exposure(uuid, text[], text[]) FROM app_rls;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION insights_periods() FROM app_rls;
