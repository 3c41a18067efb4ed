-- The walls of 0014 asked agency_reach with EXISTS, which the planner is free to run as a hashed subplan:
-- every company the official reaches read into a hash table, once for each reference to a disclosure
-- table in a statement. A read of one disclosure refers to them seven times, so for a reviewer reaching
-- 200 companies its walls cost ~0.6 ms instead of ~0.05, and the cost grew with the companies an official
-- reaches, not with the rows a statement reads (BENCHMARKS.md, "Disclosures"). Asked as a scalar subquery
-- on the pair's primary key, which PostgreSQL never hashes, the test is one index probe per row checked.
-- The rules are those of 0014 word for word; the child tables' walls keep their USING test for writes
-- too (PostgreSQL applies USING when a policy has no WITH CHECK), as 0014 spelled out by hand.
DO $migration$
DECLARE
  wall constant text := $wall$
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN %1$I.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN %3$s
        ((SELECT true FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = %1$I.organisation_id) IS NOT NULL
         OR (app_setting('app.role') = 'agency_approver' AND %1$I.%2$I = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = %1$I.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END$wall$;
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('disclosures', 'id'), ('disclosure_versions', 'disclosure_id'),
                                 ('exposure_items', 'disclosure_id'), ('disclosure_reviews', 'disclosure_id')) AS w(tbl, disclosure_column)
  LOOP
    EXECUTE format('DROP POLICY %I ON %I', t.tbl || '_wall', t.tbl);
    IF t.tbl = 'disclosures' THEN
      -- Staff never see a draft; the WITH CHECK of their changes (a review's status) has no such test.
      EXECUTE format('CREATE POLICY %I ON %I TO app_rls USING (%s) WITH CHECK (%s)', t.tbl || '_wall', t.tbl,
        format(wall, t.tbl, t.disclosure_column, 'disclosures.status <> ''draft'' AND'), format(wall, t.tbl, t.disclosure_column, ''));
    ELSE
      EXECUTE format('CREATE POLICY %I ON %I TO app_rls USING (%s)', t.tbl || '_wall', t.tbl, format(wall, t.tbl, t.disclosure_column, ''));
    END IF;
  END LOOP;
END
$migration$;
