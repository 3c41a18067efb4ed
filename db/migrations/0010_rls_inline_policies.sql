-- The same walls as 0006, written inline in each policy instead of calling app_may_see(). PostgreSQL
-- cannot inline a SQL function whose body holds a subquery, so 0006's policies called app_may_see() once
-- per row and re-planned its body in every statement (about a millisecond per table in a statement).
-- Inline, the policies are planned with the statement, once per prepared statement and connection, and
-- cost an index probe or two per row. The OFFSET 0 in the assignment test keeps it a probe per row: without
-- it the planner may turn the EXISTS into a hashed subplan that lists every company the viewer's products
-- reach, once per table in the statement — a cost that grows with the number of companies. The rules are unchanged: a company sees only its own rows; agency
-- staff see companies that deal in a product they are assigned to (an approver also the one disclosure a
-- break-glass access names in app.break_glass_disclosure), never one they declared a conflict with, and
-- no drafts; every other role sees nothing.
DROP POLICY disclosures_wall ON "disclosures";--> statement-breakpoint
DROP POLICY disclosure_versions_wall ON "disclosure_versions";--> statement-breakpoint
DROP POLICY exposure_items_wall ON "exposure_items";--> statement-breakpoint
DROP POLICY disclosure_reviews_wall ON "disclosure_reviews";--> statement-breakpoint
DROP FUNCTION app_may_see(uuid, uuid);--> statement-breakpoint
CREATE POLICY disclosures_wall ON "disclosures" TO app_rls
  USING (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosures.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN disclosures.status <> 'draft'
        AND (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                     WHERE op.organisation_id = disclosures.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
             OR (app_setting('app.role') = 'agency_approver' AND disclosures.id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosures.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END)
  WITH CHECK (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosures.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = disclosures.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND disclosures.id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosures.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END);--> statement-breakpoint
CREATE POLICY disclosure_versions_wall ON "disclosure_versions" TO app_rls
  USING (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosure_versions.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = disclosure_versions.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND disclosure_versions.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosure_versions.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END)
  WITH CHECK (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosure_versions.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = disclosure_versions.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND disclosure_versions.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosure_versions.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END);--> statement-breakpoint
CREATE POLICY exposure_items_wall ON "exposure_items" TO app_rls
  USING (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN exposure_items.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = exposure_items.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND exposure_items.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = exposure_items.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END)
  WITH CHECK (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN exposure_items.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = exposure_items.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND exposure_items.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = exposure_items.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END);--> statement-breakpoint
CREATE POLICY disclosure_reviews_wall ON "disclosure_reviews" TO app_rls
  USING (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosure_reviews.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = disclosure_reviews.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND disclosure_reviews.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosure_reviews.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END)
  WITH CHECK (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosure_reviews.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
        (EXISTS (SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
                 WHERE op.organisation_id = disclosure_reviews.organisation_id AND pa.user_id = app_setting('app.user_id')::uuid OFFSET 0)
         OR (app_setting('app.role') = 'agency_approver' AND disclosure_reviews.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosure_reviews.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END);
