-- Holes in the second wall (README, "Two walls"), closed.
--
-- 1. The working copy of a disclosure sent back for changes (draft_items, draft_notes) lived in the
--    disclosures row, which the wall lets the officials who reach the company read: what the company was
--    still amending, never submitted, was one SELECT away under app_rls (the services never showed it).
--    It moves to a table of its own that only the company's own users see.
-- 2. Each wall was one policy FOR ALL, so what let a user read a row also let them write one: an official
--    who reaches a company could INSERT versions and exposure items in its name, a company could INSERT
--    reviews of its own disclosure, and either could add items to a version submitted long ago. The walls
--    now read as before (their USING tests are kept word for word: taken from pg_policies, not restated)
--    and each write has a policy of its own: only the company creates its disclosures (as new drafts, in
--    its user's name), and only the next version (number latest_version + 1, of a disclosure it may still
--    change, submitted in its user's name) with items of that version; only an official creates reviews,
--    in their own name, of the latest version of a disclosure under review that they may read without
--    break-glass (a break-glass opening reads, it never writes). Nothing under app_rls deletes a disclosure.
-- 3. A change to a disclosure row behind the wall follows the status machine the services follow
--    (disclosures_guard_change below), changing only the columns app_rls may update: a company could
--    otherwise accept its own disclosure, and an official or a company move latest_version back and so
--    reopen a submitted version to new items.
CREATE TABLE "disclosure_working_copies" (
  "disclosure_id" uuid PRIMARY KEY NOT NULL,
  "organisation_id" uuid NOT NULL,
  "items" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "notes" text
);--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_id_org_unique" UNIQUE ("id", "organisation_id");--> statement-breakpoint
-- The copy belongs to the company of its disclosure, not to one it names.
ALTER TABLE "disclosure_working_copies" ADD CONSTRAINT "disclosure_working_copies_disclosure_fk"
  FOREIGN KEY ("disclosure_id", "organisation_id") REFERENCES "disclosures"("id", "organisation_id") ON DELETE CASCADE;--> statement-breakpoint
INSERT INTO "disclosure_working_copies" ("disclosure_id", "organisation_id", "items", "notes")
  SELECT "id", "organisation_id", "draft_items", "draft_notes" FROM "disclosures";--> statement-breakpoint
ALTER TABLE "disclosures" DROP COLUMN "draft_items";--> statement-breakpoint
ALTER TABLE "disclosures" DROP COLUMN "draft_notes";--> statement-breakpoint
ALTER TABLE "disclosure_working_copies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "disclosure_working_copies" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "disclosure_working_copies" TO app_rls;--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON "disclosure_working_copies" FROM app_rls;--> statement-breakpoint
CREATE POLICY disclosure_working_copies_company ON "disclosure_working_copies" TO app_rls
  USING (app_setting('app.role') IN ('company_officer', 'company_admin') AND organisation_id = app_setting('app.org_id')::uuid);--> statement-breakpoint
-- What app_rls may change in a disclosure row at all; the guard below says when.
REVOKE UPDATE ON "disclosures" FROM app_rls;--> statement-breakpoint
GRANT UPDATE ("status", "revision", "latest_version", "updated_at", "updated_by") ON "disclosures" TO app_rls;--> statement-breakpoint
-- The moves the services make, per caller, and nothing else (README, "Disclosures"). Checked only behind
-- the wall, where the request names its caller: the owner's own writes (migrations, the demo's seed) are not.
CREATE FUNCTION disclosures_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  caller_role constant text := app_setting('app.role');
  allowed boolean;
BEGIN
  IF caller_role IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id OR NEW.organisation_id <> OLD.organisation_id OR NEW.reporting_period <> OLD.reporting_period
     OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
     OR NEW.updated_by IS DISTINCT FROM app_setting('app.user_id')::uuid THEN
    allowed := false;
  ELSIF caller_role IN ('company_officer', 'company_admin') THEN
    allowed := CASE
      -- A save of the working copy.
      WHEN NEW.status = OLD.status THEN OLD.status IN ('draft', 'changes_requested') AND NEW.latest_version = OLD.latest_version AND NEW.revision = OLD.revision + 1
      -- A submission: the version it froze is there.
      WHEN NEW.status = 'submitted' THEN OLD.status IN ('draft', 'changes_requested') AND NEW.latest_version = OLD.latest_version + 1 AND NEW.revision = OLD.revision + 1
        AND EXISTS (SELECT 1 FROM disclosure_versions v WHERE v.disclosure_id = NEW.id AND v.number = NEW.latest_version)
      WHEN NEW.status = 'withdrawn' THEN OLD.status IN ('draft', 'submitted', 'under_review', 'changes_requested') AND NEW.latest_version = OLD.latest_version AND NEW.revision = OLD.revision + 1
      -- A draft withdrawn before it was ever submitted, started again.
      WHEN NEW.status = 'draft' THEN OLD.status = 'withdrawn' AND OLD.latest_version = 0 AND NEW.latest_version = 0 AND NEW.revision = OLD.revision + 1
      ELSE false
    END;
  ELSIF caller_role IN ('agency_reviewer', 'agency_approver') THEN
    -- A review: a comment, a request for changes or an acceptance of the latest version.
    allowed := OLD.status IN ('submitted', 'under_review') AND NEW.status IN ('under_review', 'changes_requested', 'accepted')
      AND NEW.latest_version = OLD.latest_version AND NEW.revision = OLD.revision;
  ELSE
    allowed := false;
  END IF;
  IF NOT allowed THEN
    RAISE EXCEPTION 'disclosure %: % may not change it from % to %', OLD.id, caller_role, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER disclosures_guard_change BEFORE UPDATE ON "disclosures" FOR EACH ROW EXECUTE FUNCTION disclosures_guard_change();--> statement-breakpoint
DO $migration$
DECLARE
  company constant text := $$app_setting('app.role') IN ('company_officer', 'company_admin') AND %1$I.organisation_id = app_setting('app.org_id')::uuid$$;
  no_break_glass constant text := $$app_setting('app.break_glass_disclosure') IS NULL$$;
  wall record;
BEGIN
  FOR wall IN SELECT tablename, policyname, qual, with_check FROM pg_policies
              WHERE schemaname = 'public' AND policyname = tablename || '_wall'
                AND tablename IN ('disclosures', 'disclosure_versions', 'exposure_items', 'disclosure_reviews')
  LOOP
    EXECUTE format('DROP POLICY %I ON %I', wall.policyname, wall.tablename);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO app_rls USING (%s)', wall.policyname, wall.tablename, wall.qual);
    IF wall.tablename = 'disclosures' THEN
      -- A review changes the status of what the official may read; the company changes its own.
      EXECUTE format('CREATE POLICY disclosures_wall_update ON disclosures FOR UPDATE TO app_rls USING ((%s) AND %s) WITH CHECK (%s)', wall.qual, no_break_glass, wall.with_check);
    END IF;
  END LOOP;
  IF (SELECT count(*) FROM pg_policies WHERE schemaname = 'public' AND policyname = tablename || '_wall'
        AND tablename IN ('disclosures', 'disclosure_versions', 'exposure_items', 'disclosure_reviews') AND cmd = 'SELECT') <> 4 THEN
    RAISE EXCEPTION 'expected the four disclosure walls of migration 0029';
  END IF;
  EXECUTE format($$CREATE POLICY disclosures_company_insert ON disclosures FOR INSERT TO app_rls WITH CHECK (%s
    AND status = 'draft' AND latest_version = 0 AND revision = 1
    AND created_by = app_setting('app.user_id')::uuid AND updated_by = app_setting('app.user_id')::uuid)$$, format(company, 'disclosures'));
  EXECUTE format($$CREATE POLICY disclosure_versions_company_insert ON disclosure_versions FOR INSERT TO app_rls WITH CHECK (%s
    AND submitted_by = app_setting('app.user_id')::uuid
    AND EXISTS (SELECT 1 FROM disclosures d WHERE d.id = disclosure_versions.disclosure_id AND d.organisation_id = disclosure_versions.organisation_id
                AND d.status IN ('draft', 'changes_requested') AND disclosure_versions.number = d.latest_version + 1))$$,
    format(company, 'disclosure_versions'));
  EXECUTE format($$CREATE POLICY exposure_items_company_insert ON exposure_items FOR INSERT TO app_rls WITH CHECK (%s
    AND EXISTS (SELECT 1 FROM disclosure_versions v JOIN disclosures d ON d.id = v.disclosure_id
                WHERE v.id = exposure_items.version_id AND v.disclosure_id = exposure_items.disclosure_id
                  AND v.organisation_id = exposure_items.organisation_id
                  AND d.status IN ('draft', 'changes_requested') AND v.number = d.latest_version + 1))$$,
    format(company, 'exposure_items'));
  -- The disclosure is read under its own wall: one the official may not see makes no review.
  EXECUTE format($$CREATE POLICY disclosure_reviews_official_insert ON disclosure_reviews FOR INSERT TO app_rls WITH CHECK (
    app_setting('app.role') IN ('agency_reviewer', 'agency_approver') AND reviewer_id = app_setting('app.user_id')::uuid AND %s
    AND EXISTS (SELECT 1 FROM disclosures d WHERE d.id = disclosure_reviews.disclosure_id AND d.organisation_id = disclosure_reviews.organisation_id
                AND d.status IN ('submitted', 'under_review') AND d.latest_version = disclosure_reviews.version_number))$$, no_break_glass);
END
$migration$;
