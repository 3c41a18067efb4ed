-- Which companies an advisory's targets reach is drawn partly from the companies' disclosures (by supplier
-- country: advisory_exposed_companies, 0007). Asked from a company's session behind the wall, it would tell
-- which other companies disclosed an exposure to a country: a competitor's supply chain. Behind the wall
-- (app.role set) only agency staff ask it — the reach preview, the sending check, the approval's delivery
-- guard (0047). Outside the wall (no app.role: the preview's own connection, the owner) the services decide
-- who asks, as before.
CREATE OR REPLACE FUNCTION advisory_reach(targets jsonb) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  t_named constant text[] := jsonb_text_items(targets->'organisations');
  t_products constant text[] := jsonb_text_items(targets->'products');
  t_countries constant text[] := jsonb_text_items(targets->'countries');
  t_sectors constant text[] := jsonb_text_items(targets->'sectors');
BEGIN
  IF app_setting('app.role') NOT IN ('agency_reviewer', 'agency_approver') THEN
    RAISE EXCEPTION 'advisory_reach: only agency staff ask which companies targets reach (not %)', app_setting('app.role')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
  SELECT o.id FROM organisations o
  WHERE o.type = 'company' AND (
    o.id::text = ANY (t_named)
    OR (cardinality(t_products) > 0 AND cardinality(t_countries) = 0
        AND EXISTS (SELECT 1 FROM organisation_products op WHERE op.organisation_id = o.id AND op.product_code = ANY (t_products)))
    OR (cardinality(t_countries) > 0
        AND o.id IN (SELECT e.organisation_id FROM advisory_exposed_companies(t_products, t_countries) e))
    OR (cardinality(t_sectors) > 0
        AND EXISTS (SELECT 1 FROM company_profiles cp WHERE cp.organisation_id = o.id AND cp.sector = ANY (t_sectors))));
END
$$;--> statement-breakpoint
-- The exposure lookup is advisory_reach's alone now (its owner calls it): no session asks it directly.
REVOKE EXECUTE ON FUNCTION advisory_exposed_companies(text[], text[]) FROM app_rls;
