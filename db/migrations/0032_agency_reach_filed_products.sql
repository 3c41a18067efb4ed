-- The two walls disagreed about a company that files on a product outside its profile. The services let an
-- official see a submitted disclosure whose latest version touches a product assigned to them; the second
-- wall asked agency_reach (0014), made from the products of the company's profile only. A disclosure with
-- an item on a product the company's profile does not list (or no longer lists: the company admin edits
-- it) was then in no official's queue for that product and answered 404 to them: exposures nobody reviewed.
-- A company now reaches the officials of every product of its profile and of every product it has filed
-- on (exposure items are never deleted, so such a pair never needs to go: the wall may stay wider than the
-- services, which look at the latest version only, never narrower).
CREATE INDEX "exposure_items_organisation_product_idx" ON "exposure_items" USING btree ("organisation_id", "product_code");--> statement-breakpoint
-- The products a company deals in, for the walls. Exposure items are behind row-level security, forced on
-- their owner too: this one function reads them, as a NOLOGIN role of its own that may (as 0007 and 0008
-- do for their functions), and only the functions below call it.
DO $$
BEGIN
  CREATE ROLE app_agency_reach NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT app_agency_reach TO current_user;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_agency_reach;--> statement-breakpoint
GRANT SELECT ON organisation_products, exposure_items TO app_agency_reach;--> statement-breakpoint
CREATE POLICY exposure_items_agency_reach ON "exposure_items" FOR SELECT TO app_agency_reach USING (true);--> statement-breakpoint
CREATE FUNCTION agency_reach_company_products() RETURNS TABLE (organisation_id uuid, product_code text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT op.organisation_id, op.product_code FROM organisation_products op
  UNION
  SELECT i.organisation_id, i.product_code FROM exposure_items i
$$;--> statement-breakpoint
ALTER FUNCTION agency_reach_company_products() OWNER TO app_agency_reach;--> statement-breakpoint
REVOKE ALL ON FUNCTION agency_reach_company_products() FROM PUBLIC;--> statement-breakpoint
-- Recomputing takes the lock every change waits for, and reads every item filed: not for the application's
-- roles to call (0014 left it to PUBLIC; its triggers call it as the owner).
REVOKE ALL ON FUNCTION agency_reach_refresh(uuid[], uuid[]) FROM PUBLIC;--> statement-breakpoint
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
-- A submission's items add the pairs of any product outside the company's profile. Every submission holds
-- the lock shared (submissions never wait for each other) and a recomputation holds it alone, so neither
-- misses the other: a recomputation that ran first is seen by the test below, taken after the lock (a
-- statement of its own, so with a snapshot of its own), and one that runs after waits for these items to
-- be committed and reads them.
CREATE FUNCTION agency_reach_after_exposure_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('kakehashi.agency_reach'));
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (
       SELECT 1 FROM organisation_products op WHERE op.organisation_id = n.organisation_id AND op.product_code = n.product_code)) THEN
    INSERT INTO agency_reach (user_id, organisation_id)
    SELECT DISTINCT pa.user_id, n.organisation_id FROM new_rows n JOIN product_assignments pa ON pa.product_code = n.product_code
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER agency_reach_exposure_items_insert AFTER INSERT ON "exposure_items" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_exposure_items();--> statement-breakpoint
CREATE TRIGGER agency_reach_exposure_items_truncate AFTER TRUNCATE ON "exposure_items" FOR EACH STATEMENT EXECUTE FUNCTION agency_reach_after_truncate();--> statement-breakpoint
INSERT INTO agency_reach (user_id, organisation_id)
SELECT DISTINCT pa.user_id, cp.organisation_id FROM product_assignments pa JOIN agency_reach_company_products() cp ON cp.product_code = pa.product_code
ON CONFLICT DO NOTHING;
