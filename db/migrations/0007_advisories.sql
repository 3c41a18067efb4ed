CREATE TABLE "advisories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_revision" integer DEFAULT 1 NOT NULL,
	"published_revision" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"supersedes_id" uuid,
	"superseded_by_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_published_at" timestamp with time zone,
	"last_published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawal_reason" text,
	CONSTRAINT "advisories_reference_unique" UNIQUE("reference"),
	CONSTRAINT "advisories_status_check" CHECK ("advisories"."status" in ('draft', 'pending_approval', 'published', 'superseded', 'withdrawn')),
	CONSTRAINT "advisories_published_check" CHECK (("advisories"."published_revision" is null) = ("advisories"."first_published_at" is null))
);
--> statement-breakpoint
CREATE TABLE "advisory_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"advisory_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"delivered_revision" integer NOT NULL,
	"current_revision" integer NOT NULL,
	"revised_at" timestamp with time zone,
	"first_read_at" timestamp with time zone,
	"first_read_by" uuid,
	"read_revision" integer,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledged_revision" integer,
	"acknowledgement_note" text,
	CONSTRAINT "advisory_deliveries_unique" UNIQUE("advisory_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "advisory_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"advisory_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"severity" text NOT NULL,
	"tlp" text NOT NULL,
	"targets" jsonb NOT NULL,
	"change_summary" text,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approval_requested_at" timestamp with time zone,
	"approval_requested_by" uuid,
	"approved_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "advisory_revisions_number_unique" UNIQUE("advisory_id","number"),
	CONSTRAINT "advisory_revisions_number_check" CHECK ("advisory_revisions"."number" >= 1),
	CONSTRAINT "advisory_revisions_state_check" CHECK ("advisory_revisions"."state" in ('draft', 'pending_approval', 'published', 'discarded')),
	CONSTRAINT "advisory_revisions_severity_check" CHECK ("advisory_revisions"."severity" in ('info', 'low', 'moderate', 'high', 'critical')),
	CONSTRAINT "advisory_revisions_tlp_check" CHECK ("advisory_revisions"."tlp" in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text,
	"reference" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"transport" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_outbox_state_check" CHECK ("email_outbox"."state" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_agency_id_organisations_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_supersedes_id_advisories_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."advisories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_superseded_by_id_advisories_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."advisories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_deliveries" ADD CONSTRAINT "advisory_deliveries_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_deliveries" ADD CONSTRAINT "advisory_deliveries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_deliveries" ADD CONSTRAINT "advisory_deliveries_first_read_by_users_id_fk" FOREIGN KEY ("first_read_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_deliveries" ADD CONSTRAINT "advisory_deliveries_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_approval_requested_by_users_id_fk" FOREIGN KEY ("approval_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advisories_agency_idx" ON "advisories" USING btree ("agency_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "advisories_published_idx" ON "advisories" USING btree ("last_published_at","id");--> statement-breakpoint
CREATE INDEX "advisory_deliveries_organisation_idx" ON "advisory_deliveries" USING btree ("organisation_id","advisory_id");--> statement-breakpoint
CREATE INDEX "advisory_revisions_state_idx" ON "advisory_revisions" USING btree ("state");--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "email_outbox_created_idx" ON "email_outbox" USING btree ("created_at","id");--> statement-breakpoint
-- References such as KH-ADV-2026-0001 (the CSAF tracking id and the CAP identifier's stem).
CREATE SEQUENCE advisory_reference_seq;--> statement-breakpoint
-- A published revision is the record of what companies were told: it never changes and is never removed.
CREATE FUNCTION advisory_revision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'published' THEN
    RAISE EXCEPTION 'advisory_revisions: a published revision is immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'advisory_revisions: revisions are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER advisory_revisions_guard BEFORE UPDATE OR DELETE ON "advisory_revisions" FOR EACH ROW EXECUTE FUNCTION advisory_revision_guard();--> statement-breakpoint
-- Targeting by supplier country reads which companies disclosed an exposure to that country. Disclosure
-- rows sit behind row-level security (0006), so this one function runs as a NOLOGIN role of its own that
-- may read them, and answers nothing but company ids: the latest submitted version of a disclosure that
-- is not withdrawn has an item from one of `countries` (and, when `products` is not empty, for one of them).
DO $$
BEGIN
  CREATE ROLE app_advisory_reach NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT app_advisory_reach TO current_user;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_advisory_reach;--> statement-breakpoint
GRANT SELECT ON disclosures, disclosure_versions, exposure_items TO app_advisory_reach;--> statement-breakpoint
CREATE POLICY disclosures_advisory_reach ON "disclosures" FOR SELECT TO app_advisory_reach USING (true);--> statement-breakpoint
CREATE POLICY disclosure_versions_advisory_reach ON "disclosure_versions" FOR SELECT TO app_advisory_reach USING (true);--> statement-breakpoint
CREATE POLICY exposure_items_advisory_reach ON "exposure_items" FOR SELECT TO app_advisory_reach USING (true);--> statement-breakpoint
CREATE FUNCTION advisory_exposed_companies(products text[], countries text[]) RETURNS TABLE (organisation_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
  SELECT DISTINCT d.organisation_id
  FROM disclosures d
  JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.number = d.latest_version
  JOIN exposure_items i ON i.version_id = v.id
  WHERE d.status <> 'withdrawn' AND d.latest_version >= 1
    AND i.supplier_country = ANY (countries)
    AND (cardinality(products) = 0 OR i.product_code = ANY (products))
$$;--> statement-breakpoint
ALTER FUNCTION advisory_exposed_companies(text[], text[]) OWNER TO app_advisory_reach;--> statement-breakpoint
REVOKE ALL ON FUNCTION advisory_exposed_companies(text[], text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION advisory_exposed_companies(text[], text[]) TO app_rls;
