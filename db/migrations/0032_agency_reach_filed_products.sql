-- The two walls disagreed about a company that files on a product outside its profile. The services let an
-- official see a submitted disclosure whose latest version touches a product assigned to them; the second
-- wall asked agency_reach (0014), made from the products of the company's profile only. A disclosure with
-- an item on a product the company's profile does not list (or no longer lists: the company admin edits
-- it) was then in no official's queue for that product and answered 404 to them: exposures nobody reviewed.
-- A company now reaches the officials of every product of its profile and of every product it has filed
-- on (exposure items are never deleted, so such a pair never needs to go).
CREATE INDEX "exposure_items_organisation_product_idx" ON "exposure_items" USING btree ("organisation_id", "product_code");--> statement-breakpoint
-- The products a company deals in, for the walls: read by the functions below, which run as the schema's
-- owner, and by nobody else (a view would be readable through the grants of db/production-roles.sql).
-- Without a SET clause PostgreSQL inlines it, so a caller's test on the company reaches its indexes.
CREATE FUNCTION agency_reach_company_products() RETURNS TABLE (organisation_id uuid, product_code text)
LANGUAGE sql STABLE AS $$
  SELECT op.organisation_id, op.product_code FROM public.organisation_products op
  UNION
  SELECT i.organisation_id, i.product_code FROM public.exposure_items i
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION agency_reach_company_products() FROM PUBLIC;--> statement-breakpoint
-- Exposure items are behind row-level security, forced on their owner too; the owner reads their companies
-- and products here (as a superuser it would anyway; as an ordinary role, by this policy).
DO $$
BEGIN
  EXECUTE format('CREATE POLICY exposure_items_schema_owner ON exposure_items FOR SELECT TO %I USING (true)', current_user);
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION agency_reach_refresh(user_ids uuid[], organisation_ids uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('kakehashi.agency_reach'));
  DELETE FROM agency_reach r WHERE r.user_id = ANY (user_ids) OR r.organisation_id = ANY (organisation_ids);
  INSERT INTO agency_reach (user_id, organisation_id)
  SELECT DISTINCT pa.user_id, cp.organisation_id
  FROM product_assignments pa JOIN agency_reach_company_products() cp ON cp.product_code = pa.product_code
  WHERE pa.user_id = ANY (user_ids) OR cp.organisation_id = ANY (organisation_ids);
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION agency_reach_after_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('kakehashi.agency_reach'));
  DELETE FROM agency_reach;
  INSERT INTO agency_reach (user_id, organisation_id)
  SELECT DISTINCT pa.user_id, cp.organisation_id FROM product_assignments pa JOIN agency_reach_company_products() cp ON cp.product_code = pa.product_code;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- A submission's items add the pairs of any product new to the company. Most submissions are on products
-- of the profile, whose pairs exist: they check that and take no lock.
CREATE FUNCTION agency_reach_after_exposure_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (
       SELECT 1 FROM organisation_products op WHERE op.organisation_id = n.organisation_id AND op.product_code = n.product_code)) THEN
    -- Under the lock of every other change, so that a recomputation running beside this one sees these
    -- items once they are committed, or runs before the pairs below are added.
    PERFORM pg_advisory_xact_lock(hashtext('kakehashi.agency_reach'));
    INSERT INTO agency_reach (user_id, organisation_id)
    SELECT DISTINCT pa.user_id, n.organisation_id FROM new_rows n JOIN product_assignments pa ON pa.product_code = n.product_code
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER agency_reach_exposure_items_insert AFTER INSERT ON "exposure_items" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_exposure_items();--> statement-breakpoint
INSERT INTO agency_reach (user_id, organisation_id)
SELECT DISTINCT pa.user_id, cp.organisation_id FROM product_assignments pa JOIN agency_reach_company_products() cp ON cp.product_code = pa.product_code
ON CONFLICT DO NOTHING;
