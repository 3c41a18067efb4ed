CREATE TABLE "disclosure_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"notes" text,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disclosure_versions_number_unique" UNIQUE("disclosure_id","number"),
	CONSTRAINT "disclosure_versions_number_check" CHECK ("disclosure_versions"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reporting_period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"draft_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"draft_notes" text,
	"latest_version" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	CONSTRAINT "disclosures_org_period_unique" UNIQUE("organisation_id","reporting_period"),
	CONSTRAINT "disclosures_period_check" CHECK ("disclosures"."reporting_period" ~ '^[0-9]{4}-H[12]$'),
	CONSTRAINT "disclosures_status_check" CHECK ("disclosures"."status" in ('draft', 'submitted', 'under_review', 'changes_requested', 'accepted', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "exposure_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_code" text NOT NULL,
	"hs_code" text,
	"material" text,
	"stage" text NOT NULL,
	"supplier_country" text NOT NULL,
	"supplier_name" text,
	"share_percent" numeric(5, 2) NOT NULL,
	"inventory_days" integer NOT NULL,
	"lead_time_days" integer,
	"alternative_suppliers" integer NOT NULL,
	"single_source" boolean NOT NULL,
	"risk_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mitigation_strategy" text,
	"mitigation_plan" text,
	"mitigation_target_date" date,
	"confidentiality_claimed" boolean DEFAULT false NOT NULL,
	"confidentiality_reason" text,
	CONSTRAINT "exposure_items_position_unique" UNIQUE("version_id","position"),
	CONSTRAINT "exposure_items_share_check" CHECK ("exposure_items"."share_percent" >= 0 and "exposure_items"."share_percent" <= 100),
	CONSTRAINT "exposure_items_country_check" CHECK ("exposure_items"."supplier_country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "disclosure_reviews" ADD CONSTRAINT "disclosure_reviews_disclosure_id_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_reviews" ADD CONSTRAINT "disclosure_reviews_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_reviews" ADD CONSTRAINT "disclosure_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_versions" ADD CONSTRAINT "disclosure_versions_disclosure_id_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_versions" ADD CONSTRAINT "disclosure_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_versions" ADD CONSTRAINT "disclosure_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exposure_items" ADD CONSTRAINT "exposure_items_version_id_disclosure_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."disclosure_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exposure_items" ADD CONSTRAINT "exposure_items_disclosure_id_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "public"."disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exposure_items" ADD CONSTRAINT "exposure_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exposure_items" ADD CONSTRAINT "exposure_items_product_code_critical_products_code_fk" FOREIGN KEY ("product_code") REFERENCES "public"."critical_products"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_reviews_disclosure_idx" ON "disclosure_reviews" USING btree ("disclosure_id","created_at");--> statement-breakpoint
CREATE INDEX "disclosures_status_idx" ON "disclosures" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "exposure_items_product_idx" ON "exposure_items" USING btree ("product_code","supplier_country");--> statement-breakpoint
-- Submitted versions, their items and review events are immutable: an amendment is a new version.
CREATE FUNCTION refuse_immutable_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER disclosure_versions_immutable BEFORE UPDATE OR DELETE ON "disclosure_versions" FOR EACH ROW EXECUTE FUNCTION refuse_immutable_change();--> statement-breakpoint
CREATE TRIGGER exposure_items_immutable BEFORE UPDATE OR DELETE ON "exposure_items" FOR EACH ROW EXECUTE FUNCTION refuse_immutable_change();--> statement-breakpoint
CREATE TRIGGER disclosure_reviews_immutable BEFORE UPDATE OR DELETE ON "disclosure_reviews" FOR EACH ROW EXECUTE FUNCTION refuse_immutable_change();--> statement-breakpoint
-- Row-level security: the second wall behind the services' need-to-know checks (README, "Two walls").
-- Request transactions that touch disclosure data run as the NOLOGIN role app_rls (SET LOCAL ROLE, so it
-- works on PGlite's superuser connection too) with the caller in app.user_id, app.org_id and app.role.
-- A company sees only its own rows; agency staff see companies they are assigned to (and an approver
-- the one disclosure a break-glass access names in app.break_glass_disclosure), never one they declared
-- a conflict with, and no drafts; every other role sees nothing.
DO $$
BEGIN
  CREATE ROLE app_rls NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT app_rls TO current_user;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_rls;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_rls;--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app_rls;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints FROM app_rls;--> statement-breakpoint
GRANT UPDATE (seq, chain_version, hash) ON audit_events TO app_rls;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_rls;--> statement-breakpoint
-- The audit log's partitions are reached through audit_events only: app_rls holds nothing on them, now or later.
DO $$
DECLARE partition regclass;
BEGIN
  FOR partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'audit_events'::regclass LOOP
    EXECUTE format('REVOKE ALL ON %s FROM app_rls', partition);
  END LOOP;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_ensure_partitions(first_month timestamptz, last_month timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  month_start timestamp := date_trunc('month', first_month AT TIME ZONE 'UTC');
  partition_name text;
  created integer := 0;
BEGIN
  WHILE month_start <= last_month AT TIME ZONE 'UTC' LOOP
    partition_name := 'audit_events_' || to_char(month_start, 'YYYY_MM');
    IF to_regclass(partition_name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', partition_name,
        month_start AT TIME ZONE 'UTC', (month_start + interval '1 month') AT TIME ZONE 'UTC');
      EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()', partition_name);
      -- Default privileges would grant the new table to app_rls: a partition is reached through audit_events only.
      EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, app_rls', partition_name);
      created := created + 1;
    END IF;
    month_start := month_start + interval '1 month';
  END LOOP;
  RETURN created;
END
$$;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO app_rls;--> statement-breakpoint
CREATE FUNCTION app_setting(name text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting(name, true), '')
$$;--> statement-breakpoint
-- May the caller see data of company `org` (and, for break-glass, of disclosure `disclosure`)?
CREATE FUNCTION app_may_see(org uuid, disclosure uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN org = app_setting('app.org_id')::uuid
    WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
      (EXISTS (
        SELECT 1 FROM organisation_products op JOIN product_assignments pa ON pa.product_code = op.product_code
        WHERE op.organisation_id = org AND pa.user_id = app_setting('app.user_id')::uuid)
       OR (app_setting('app.role') = 'agency_approver' AND disclosure = app_setting('app.break_glass_disclosure')::uuid))
      AND NOT EXISTS (
        SELECT 1 FROM conflict_declarations c
        WHERE c.user_id = app_setting('app.user_id')::uuid AND c.company_id = org
          AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
    ELSE false
  END
$$;--> statement-breakpoint
ALTER TABLE "disclosures" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "disclosures" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY disclosures_wall ON "disclosures" TO app_rls
  USING (app_may_see(organisation_id, id) AND (status <> 'draft' OR app_setting('app.role') IN ('company_officer', 'company_admin')))
  WITH CHECK (app_may_see(organisation_id, id));--> statement-breakpoint
ALTER TABLE "disclosure_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "disclosure_versions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY disclosure_versions_wall ON "disclosure_versions" TO app_rls USING (app_may_see(organisation_id, disclosure_id)) WITH CHECK (app_may_see(organisation_id, disclosure_id));--> statement-breakpoint
ALTER TABLE "exposure_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "exposure_items" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY exposure_items_wall ON "exposure_items" TO app_rls USING (app_may_see(organisation_id, disclosure_id)) WITH CHECK (app_may_see(organisation_id, disclosure_id));--> statement-breakpoint
ALTER TABLE "disclosure_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "disclosure_reviews" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY disclosure_reviews_wall ON "disclosure_reviews" TO app_rls USING (app_may_see(organisation_id, disclosure_id)) WITH CHECK (app_may_see(organisation_id, disclosure_id));
