-- Everyone who wrote a revision's content: its author and each agency user who saved an edit of it while
-- it was a draft. None of them may approve it (SPEC §4: no one official publishes alone), so a colleague's
-- draft cannot be rewritten and then approved by the one who rewrote it. Revisions written before this
-- migration list their author only: their edits were not recorded by user, except in the audit log.
ALTER TABLE "advisory_revisions" ADD COLUMN "editors" uuid[] NOT NULL DEFAULT '{}';--> statement-breakpoint
UPDATE "advisory_revisions" SET "editors" = ARRAY["author_id"];
