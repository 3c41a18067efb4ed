-- The second wall let agency staff see a disclosure row that was never submitted once it left the draft
-- status: a draft withdrawn before submission (latest_version 0) showed its working copy (draft_items,
-- draft_notes) to any official reaching the company, where the services answer 404. Staff now see a
-- disclosure only once a version of it has been submitted. The rule is 0016's otherwise, word for word.
-- (The working copy of a disclosure sent back for changes still lives in the same row, which the wall lets
-- staff read: the services never show it to them; moving it to a table of its own is left open.)
DO $migration$
DECLARE
  wall constant text := $wall$
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosures.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN %s
        ((SELECT true FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosures.organisation_id) IS NOT NULL
         OR (app_setting('app.role') = 'agency_approver' AND disclosures.id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosures.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END$wall$;
BEGIN
  DROP POLICY disclosures_wall ON disclosures;
  -- Staff never see a draft, nor what was never submitted; the WITH CHECK of their changes (a review's status) has no such test.
  EXECUTE format('CREATE POLICY disclosures_wall ON disclosures TO app_rls USING (%s) WITH CHECK (%s)',
    format(wall, 'disclosures.status <> ''draft'' AND disclosures.latest_version >= 1 AND'), format(wall, ''));
END
$migration$;
