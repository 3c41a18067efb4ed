-- A refused attempt on a disclosure is recorded against the company that owns it, so that the company's
-- access log and the auditors' access report show it (SPEC §4.5). The refusal is recorded after the refused
-- work was rolled back, outside the walls, where the application's role sees no disclosure row (0006): this
-- one function, run as a NOLOGIN role of its own (as advisory_exposed_companies in 0007), answers the owner
-- of one disclosure, and nothing else.
DO $$
BEGIN
  CREATE ROLE app_disclosure_owner NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT app_disclosure_owner TO current_user;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_disclosure_owner;--> statement-breakpoint
GRANT SELECT (id, organisation_id) ON disclosures TO app_disclosure_owner;--> statement-breakpoint
CREATE POLICY disclosures_owner ON "disclosures" FOR SELECT TO app_disclosure_owner USING (true);--> statement-breakpoint
CREATE FUNCTION disclosure_owner(disclosure uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
  SELECT d.organisation_id FROM disclosures d WHERE d.id = disclosure
$$;--> statement-breakpoint
ALTER FUNCTION disclosure_owner(uuid) OWNER TO app_disclosure_owner;--> statement-breakpoint
REVOKE ALL ON FUNCTION disclosure_owner(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION disclosure_owner(uuid) TO app_rls;
