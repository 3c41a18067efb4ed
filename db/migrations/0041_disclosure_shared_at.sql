-- Agency staff saw a company's work on its amendment as it happened: while a disclosure waited for
-- changes, every save of the company's working copy moved the disclosure's `updated_at` (the agency's list
-- was ordered by it, and each row showed it) and its `revision` (in the view and the ETag), so an official
-- learnt when, and how often, the company was editing what it had not yet submitted. Now the disclosure
-- keeps `shared_at`, the time of the last change agency staff may see — a submission, a withdrawal, a
-- review — set by the state-move guard (disclosures_guard_change, 0031) as it checks each move; a save of
-- the working copy leaves it. Agency staff read it as the disclosure's `updatedAt` and are ordered by it;
-- the revision is the company's alone (lib/services/internal/disclosures.ts).
ALTER TABLE "disclosures" ADD COLUMN "shared_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Until now: a disclosure awaiting changes (or a draft) was last shared with its last submission or review;
-- any other's last change was shared.
UPDATE "disclosures" d SET "shared_at" = CASE
    WHEN d.status IN ('changes_requested', 'draft') THEN coalesce(greatest(
      (SELECT max(v.submitted_at) FROM disclosure_versions v WHERE v.disclosure_id = d.id),
      (SELECT max(r.created_at) FROM disclosure_reviews r WHERE r.disclosure_id = d.id)), d.created_at)
    ELSE d.updated_at END;--> statement-breakpoint
CREATE INDEX "disclosures_shared_idx" ON "disclosures" USING btree ("status", "shared_at", "id");--> statement-breakpoint
DO $migration$
DECLARE
  old_end constant text := '  NEW.updated_at := now();
  RETURN NEW;';
  def text;
BEGIN
  def := pg_get_functiondef('disclosures_guard_change()'::regprocedure);
  IF position(old_end IN def) = 0 THEN
    RAISE EXCEPTION 'disclosures_guard_change: the end of the guard was not found';
  END IF;
  EXECUTE replace(def, old_end, '  NEW.updated_at := now();
  -- What agency staff may see changed (a submission, a withdrawal, a review), or only the working copy.
  NEW.shared_at := CASE WHEN caller_role IN (''agency_reviewer'', ''agency_approver'') OR NEW.status <> OLD.status
                        OR NEW.latest_version <> OLD.latest_version THEN now() ELSE OLD.shared_at END;
  RETURN NEW;');
END
$migration$;
