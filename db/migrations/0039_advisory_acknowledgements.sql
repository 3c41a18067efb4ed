-- Every acknowledgement a company gives, kept. A delivery (0007) holds one acknowledgement: when a company
-- acknowledged a newer revision, the earlier one's time, person and note were overwritten. The audit log
-- keeps who, when and which revision (`advisory.acknowledge`), but not the note: the company's own statement
-- to the ministry (what it does about the advisory), evidence it relies on. Now each acknowledgement is a row
-- of its own, written with the delivery's in the same transaction (acknowledgeAdvisory), one per delivery and
-- revision, never changed nor removed:
-- 1. The table refuses UPDATE, DELETE and TRUNCATE to every role, the owner included (a trigger, as 0002 does
--    for the audit log and 0036 for deliveries); app_rls and the production role hold SELECT and INSERT only.
--    Its delivery, advisory and company are one delivery's, checked at insert for every role by a trigger
--    that reads the delivery whoever inserts (a foreign key to advisory_deliveries would make TRUNCATE of
--    the deliveries fail on the key before their own guard refuses it; deliveries are never removed anyway).
-- 2. Row-level security as 0036's: a company's users see their own company's acknowledgements and insert one
--    only as the acknowledgement their delivery now shows (the delivery guard of 0036 let it through: the
--    revision delivered and read, by a user of the company), in their own name, now; agency staff see those
--    of their agency's advisories (the services name only the companies the official may know of); anyone
--    else sees nothing.
-- 3. The acknowledgements the deliveries hold today are copied in (the earlier ones are gone).
CREATE TABLE "advisory_acknowledgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"advisory_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"acknowledged_at" timestamp with time zone NOT NULL,
	"acknowledged_by" uuid NOT NULL,
	"note" text,
	CONSTRAINT "advisory_acknowledgements_revision_unique" UNIQUE("delivery_id","revision"),
	CONSTRAINT "advisory_acknowledgements_revision_check" CHECK ("advisory_acknowledgements"."revision" >= 1),
	CONSTRAINT "advisory_acknowledgements_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id")
		REFERENCES "public"."advisories"("id") ON DELETE no action ON UPDATE no action,
	CONSTRAINT "advisory_acknowledgements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id")
		REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action,
	CONSTRAINT "advisory_acknowledgements_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by")
		REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action
);--> statement-breakpoint
INSERT INTO "advisory_acknowledgements" ("delivery_id", "advisory_id", "organisation_id", "revision", "acknowledged_at", "acknowledged_by", "note")
  SELECT d.id, d.advisory_id, d.organisation_id, d.acknowledged_revision, d.acknowledged_at, d.acknowledged_by, d.acknowledgement_note
  FROM "advisory_deliveries" d
  WHERE d.acknowledged_revision IS NOT NULL AND d.acknowledged_at IS NOT NULL AND d.acknowledged_by IS NOT NULL;--> statement-breakpoint
CREATE FUNCTION advisory_acknowledgement_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'advisory_acknowledgements: an acknowledgement is a company''s statement to the agency, kept as given: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
-- Of a delivery, whoever inserts: a security-definer function of the advisories' wall role (0036), which
-- reads every delivery, so that the caller's own wall (which shows a company only its deliveries) decides
-- who may add it, and this only whether it is one delivery's.
CREATE FUNCTION advisory_acknowledgement_of_delivery() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM advisory_deliveries d
                 WHERE d.id = NEW.delivery_id AND d.advisory_id = NEW.advisory_id AND d.organisation_id = NEW.organisation_id) THEN
    RAISE EXCEPTION 'advisory_acknowledgements: an acknowledgement is of a delivery, to its company, of its advisory (delivery %)', NEW.delivery_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
ALTER FUNCTION advisory_acknowledgement_of_delivery() OWNER TO app_advisory_wall;--> statement-breakpoint
REVOKE ALL ON FUNCTION advisory_acknowledgement_of_delivery() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER advisory_acknowledgements_of_delivery BEFORE INSERT ON "advisory_acknowledgements" FOR EACH ROW EXECUTE FUNCTION advisory_acknowledgement_of_delivery();--> statement-breakpoint
CREATE TRIGGER advisory_acknowledgements_no_change BEFORE UPDATE OR DELETE ON "advisory_acknowledgements" FOR EACH ROW EXECUTE FUNCTION advisory_acknowledgement_refuse_change();--> statement-breakpoint
CREATE TRIGGER advisory_acknowledgements_no_truncate BEFORE TRUNCATE ON "advisory_acknowledgements" FOR EACH STATEMENT EXECUTE FUNCTION advisory_acknowledgement_refuse_change();--> statement-breakpoint
-- Default privileges (0006) would let app_rls change and remove rows too: it reads and adds only.
REVOKE ALL ON "advisory_acknowledgements" FROM app_rls;--> statement-breakpoint
GRANT SELECT, INSERT ON "advisory_acknowledgements" TO app_rls;--> statement-breakpoint
ALTER TABLE "advisory_acknowledgements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "advisory_acknowledgements" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY advisory_acknowledgements_read ON "advisory_acknowledgements" FOR SELECT TO app_rls USING (
  CASE
    WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN advisory_acknowledgements.organisation_id = app_setting('app.org_id')::uuid
    WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
      (SELECT a.agency_id FROM advisories a WHERE a.id = advisory_acknowledgements.advisory_id) = app_setting('app.org_id')::uuid
    ELSE false
  END);--> statement-breakpoint
-- The acknowledgement the company's delivery shows, made now by the caller (in this transaction: the
-- delivery's guard lets acknowledged_at be set only to now()), for the revision and with the note it holds.
CREATE POLICY advisory_acknowledgements_acknowledge ON "advisory_acknowledgements" FOR INSERT TO app_rls WITH CHECK (
  app_setting('app.role') IN ('company_officer', 'company_admin')
  AND advisory_acknowledgements.organisation_id = app_setting('app.org_id')::uuid
  AND advisory_acknowledgements.acknowledged_by = app_setting('app.user_id')::uuid
  AND advisory_acknowledgements.acknowledged_at = now()
  AND EXISTS (SELECT 1 FROM advisory_deliveries d
              WHERE d.id = advisory_acknowledgements.delivery_id AND d.advisory_id = advisory_acknowledgements.advisory_id
                AND d.organisation_id = advisory_acknowledgements.organisation_id
                AND d.acknowledged_revision = advisory_acknowledgements.revision
                AND d.acknowledged_at = advisory_acknowledgements.acknowledged_at
                AND d.acknowledged_by = advisory_acknowledgements.acknowledged_by
                AND d.acknowledgement_note IS NOT DISTINCT FROM advisory_acknowledgements.note));
