-- Which companies an official "may open" was decided three ways: the disclosure services by what a
-- company's latest version reports (agencyScope), the second wall by its profile and everything it ever
-- filed (agency_reach, 0032), and the risk insights and profile reads by its profile alone. A company filing
-- a product its profile does not list was, for that product's officials, in their drill-down and their
-- queue but left out of their aggregates as a company they may not open (a drill-down of N companies
-- behind a figure of N - 1), its profile 404, and its periods not offered. Now a company is within an
-- official's reach when its profile lists, or a submitted disclosure's latest version reports, a product
-- assigned to them (lib/authz/scope.ts `assignmentOverlap`, the same test): here in the aggregates'
-- function and the periods offered. Declared conflicts still leave a company out, as before.
--
-- The functions are changed in place (as 0033 did): the two conditions are replaced word for word in
-- their definitions, and the migration stops if either is not found.
DO $migration$
DECLARE
  filed constant text := 'EXISTS (SELECT 1 FROM disclosures fd
      JOIN disclosure_versions fv ON fv.disclosure_id = fd.id AND fv.number = fd.latest_version
      JOIN exposure_items fe ON fe.version_id = fv.id
      JOIN product_assignments fa ON fa.product_code = fe.product_code
      WHERE fd.organisation_id = d.organisation_id AND fd.status <> ''draft'' AND fa.user_id = %s)';
  old_exposure constant text := '(d.organisation_id NOT IN (SELECT o.org FROM overlap o) OR d.organisation_id IN (SELECT r.org FROM recused r))';
  old_periods constant text := 'AND EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                WHERE op.organisation_id = d.organisation_id AND pa.user_id = app_setting(''app.user_id'')::uuid)';
  def text;
BEGIN
  def := pg_get_functiondef('insights_exposure(uuid, text[], text[])'::regprocedure);
  IF position(old_exposure IN def) = 0 THEN
    RAISE EXCEPTION 'insights_exposure: the readable-companies condition was not found';
  END IF;
  EXECUTE replace(def, old_exposure,
    '((d.organisation_id NOT IN (SELECT o.org FROM overlap o) AND NOT ' || format(filed, 'viewer') || ') OR d.organisation_id IN (SELECT r.org FROM recused r))');
  def := pg_get_functiondef('insights_periods_mine()'::regprocedure);
  IF position(old_periods IN def) = 0 THEN
    RAISE EXCEPTION 'insights_periods_mine: the overlap condition was not found';
  END IF;
  EXECUTE replace(def, old_periods,
    'AND (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                WHERE op.organisation_id = d.organisation_id AND pa.user_id = app_setting(''app.user_id'')::uuid)
         OR ' || format(filed, 'app_setting(''app.user_id'')::uuid') || ')');
END
$migration$;
