-- The walls of 0010 with their costliest test made one index probe. Whether an official's assigned products
-- reach a company (the company deals in one of them) was a join of organisation_products and
-- product_assignments evaluated for every row of every disclosure table a statement touched; it is now
-- kept, for every official and company, in agency_reach: a row per (user, company) pair that share a
-- product, recomputed in the transaction of any change to either table, by triggers that run as the
-- schema's owner (the application role may read it but not write it: db/production-roles.sql). The rules are
-- unchanged; the conflict test stays as it was, since a declaration's validity depends on today's date.
CREATE TABLE "agency_reach" (
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "agency_reach_pkey" PRIMARY KEY ("user_id", "organisation_id")
);--> statement-breakpoint
CREATE INDEX "agency_reach_organisation_idx" ON "agency_reach" USING btree ("organisation_id");--> statement-breakpoint
-- Default privileges (0006) would let app_rls write it too: it may only read it.
REVOKE ALL ON "agency_reach" FROM PUBLIC, app_rls;--> statement-breakpoint
GRANT SELECT ON "agency_reach" TO app_rls;--> statement-breakpoint
-- Recomputes the pairs of the given users and of the given companies. Maintenance is one transaction at a
-- time (an advisory lock held to commit), so two concurrent changes never leave a pair out.
CREATE FUNCTION agency_reach_refresh(user_ids uuid[], organisation_ids uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('kakehashi.agency_reach'));
  DELETE FROM agency_reach r WHERE r.user_id = ANY (user_ids) OR r.organisation_id = ANY (organisation_ids);
  INSERT INTO agency_reach (user_id, organisation_id)
  SELECT DISTINCT pa.user_id, op.organisation_id
  FROM product_assignments pa JOIN organisation_products op ON op.product_code = pa.product_code
  WHERE pa.user_id = ANY (user_ids) OR op.organisation_id = ANY (organisation_ids);
END
$$;--> statement-breakpoint
CREATE FUNCTION agency_reach_after_assignments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM agency_reach_refresh(ARRAY(SELECT DISTINCT user_id FROM new_rows), '{}');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM agency_reach_refresh(ARRAY(SELECT DISTINCT user_id FROM old_rows), '{}');
  ELSE
    PERFORM agency_reach_refresh(ARRAY(SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows), '{}');
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION agency_reach_after_company_products() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM agency_reach_refresh('{}', ARRAY(SELECT DISTINCT organisation_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM agency_reach_refresh('{}', ARRAY(SELECT DISTINCT organisation_id FROM old_rows));
  ELSE
    PERFORM agency_reach_refresh('{}', ARRAY(SELECT organisation_id FROM old_rows UNION SELECT organisation_id FROM new_rows));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- TRUNCATE of either table (tests, a reload): every pair again.
CREATE FUNCTION agency_reach_after_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('kakehashi.agency_reach'));
  DELETE FROM agency_reach;
  INSERT INTO agency_reach (user_id, organisation_id)
  SELECT DISTINCT pa.user_id, op.organisation_id FROM product_assignments pa JOIN organisation_products op ON op.product_code = pa.product_code;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER agency_reach_assignments_insert AFTER INSERT ON "product_assignments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_assignments();--> statement-breakpoint
CREATE TRIGGER agency_reach_assignments_update AFTER UPDATE ON "product_assignments" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_assignments();--> statement-breakpoint
CREATE TRIGGER agency_reach_assignments_delete AFTER DELETE ON "product_assignments" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_assignments();--> statement-breakpoint
CREATE TRIGGER agency_reach_assignments_truncate AFTER TRUNCATE ON "product_assignments" FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_truncate();--> statement-breakpoint
CREATE TRIGGER agency_reach_company_products_insert AFTER INSERT ON "organisation_products" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_company_products();--> statement-breakpoint
CREATE TRIGGER agency_reach_company_products_update AFTER UPDATE ON "organisation_products" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_company_products();--> statement-breakpoint
CREATE TRIGGER agency_reach_company_products_delete AFTER DELETE ON "organisation_products" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_company_products();--> statement-breakpoint
CREATE TRIGGER agency_reach_company_products_truncate AFTER TRUNCATE ON "organisation_products" FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_truncate();--> statement-breakpoint
INSERT INTO agency_reach (user_id, organisation_id)
SELECT DISTINCT pa.user_id, op.organisation_id FROM product_assignments pa JOIN organisation_products op ON op.product_code = pa.product_code;--> statement-breakpoint
DROP POLICY disclosures_wall ON "disclosures";--> statement-breakpoint
DROP POLICY disclosure_versions_wall ON "disclosure_versions";--> statement-breakpoint
DROP POLICY exposure_items_wall ON "exposure_items";--> statement-breakpoint
DROP POLICY disclosure_reviews_wall ON "disclosure_reviews";--> statement-breakpoint
CREATE POLICY disclosures_wall ON "disclosures" TO app_rls
  USING (
    CASE
      WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN disclosures.organisation_id = app_setting('app.org_id')::uuid
      WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN disclosures.status <> 'draft'
        AND (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosures.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosures.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosure_versions.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosure_versions.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = exposure_items.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = exposure_items.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosure_reviews.organisation_id)
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
        (EXISTS (SELECT 1 FROM agency_reach r WHERE r.user_id = app_setting('app.user_id')::uuid AND r.organisation_id = disclosure_reviews.organisation_id)
         OR (app_setting('app.role') = 'agency_approver' AND disclosure_reviews.disclosure_id = app_setting('app.break_glass_disclosure')::uuid))
        AND NOT EXISTS (SELECT 1 FROM conflict_declarations c
                        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = disclosure_reviews.organisation_id
                          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
      ELSE false
    END);
