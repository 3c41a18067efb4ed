-- Two holes in the second wall (README, "Two walls"), closed.
--
-- 1. The working copy of a disclosure sent back for changes (draft_items, draft_notes) lived in the
--    disclosures row, which the wall lets the officials who reach the company read: what the company was
--    still amending, never submitted, was one SELECT away under app_rls (the services never showed it).
--    It moves to a table of its own that only the company's own users see.
-- 2. Each wall was one policy FOR ALL, so what let a user read a row also let them write one: an official
--    who reaches a company could INSERT versions and exposure items in its name, a company could INSERT
--    reviews of its own disclosure, and either could add items to a version submitted long ago. The walls
--    now read as before (their USING tests are kept word for word: taken from pg_policies, not restated)
--    and each write has a policy of its own: only the company creates its disclosures, versions and items,
--    and only the next version (number latest_version + 1, of a disclosure it may still change) with items
--    of that version; only an official creates reviews, in their own name, of the latest version of a
--    disclosure under review that they may read. Nothing under app_rls deletes a disclosure.
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
DO $migration$
DECLARE
  company constant text := $$app_setting('app.role') IN ('company_officer', 'company_admin') AND %1$I.organisation_id = app_setting('app.org_id')::uuid$$;
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
      EXECUTE format('CREATE POLICY disclosures_wall_update ON disclosures FOR UPDATE TO app_rls USING (%s) WITH CHECK (%s)', wall.qual, wall.with_check);
    END IF;
  END LOOP;
  IF (SELECT count(*) FROM pg_policies WHERE schemaname = 'public' AND policyname = tablename || '_wall'
        AND tablename IN ('disclosures', 'disclosure_versions', 'exposure_items', 'disclosure_reviews') AND cmd = 'SELECT') <> 4 THEN
    RAISE EXCEPTION 'expected the four disclosure walls of migration 0029';
  END IF;
  EXECUTE format('CREATE POLICY disclosures_company_insert ON disclosures FOR INSERT TO app_rls WITH CHECK (%s)', format(company, 'disclosures'));
  EXECUTE format($$CREATE POLICY disclosure_versions_company_insert ON disclosure_versions FOR INSERT TO app_rls WITH CHECK (%s
    AND EXISTS (SELECT 1 FROM disclosures d WHERE d.id = disclosure_versions.disclosure_id AND d.organisation_id = disclosure_versions.organisation_id
                AND d.status IN ('draft', 'changes_requested') AND disclosure_versions.number = d.latest_version + 1))$$,
    format(company, 'disclosure_versions'));
  EXECUTE format($$CREATE POLICY exposure_items_company_insert ON exposure_items FOR INSERT TO app_rls WITH CHECK (%s
    AND EXISTS (SELECT 1 FROM disclosure_versions v JOIN disclosures d ON d.id = v.disclosure_id
                WHERE v.id = exposure_items.version_id AND v.disclosure_id = exposure_items.disclosure_id
                  AND v.organisation_id = exposure_items.organisation_id AND v.number = d.latest_version + 1))$$,
    format(company, 'exposure_items'));
  -- The disclosure is read under its own wall: one the official may not see makes no review.
  CREATE POLICY disclosure_reviews_official_insert ON disclosure_reviews FOR INSERT TO app_rls WITH CHECK (
    app_setting('app.role') IN ('agency_reviewer', 'agency_approver') AND reviewer_id = app_setting('app.user_id')::uuid
    AND EXISTS (SELECT 1 FROM disclosures d WHERE d.id = disclosure_reviews.disclosure_id AND d.organisation_id = disclosure_reviews.organisation_id
                AND d.status IN ('submitted', 'under_review') AND d.latest_version = disclosure_reviews.version_number));
END
$migration$;
