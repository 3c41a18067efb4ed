-- A revision awaiting approval could only be approved or withdrawn with its advisory: an approver who found a
-- mistake made the drafter start over, and a writer who sent it too early could not take it back. Now it is
-- returned for changes (returnAdvisory in lib/services/return-advisory.ts): back to draft, by an approver or
-- one who wrote it (its author, an editor, the advisory's creator), and by no one in conflict with a company
-- the decision names (advisory_decision_conflicted, 0038), with the reason, when and who kept on the revision
-- until it is returned again. A first revision takes its advisory back to draft; a published advisory's next
-- revision leaves it published.
--
-- Behind the wall (0038's triggers, changed in place as 0040 did: each rule is replaced word for word in the
-- function's definition, and the migration stops if it is not found):
--   - a revision goes from pending_approval back to draft only as it is returned: the advisory's current
--     revision, its content and editors as they were sent, still unapproved, its request cleared, returned
--     now in the caller's name with a reason, by an approver or one who wrote it, in conflict with no company
--     the decision names; no other move (a save, a send, an approval, a discard, a new revision) writes the
--     three columns of a return;
--   - an advisory goes from pending_approval back to draft only as its current revision is returned, now, by
--     the caller (the service returns the revision first, as approveAdvisory publishes it first), and nothing
--     else of it changes but its version.
ALTER TABLE "advisory_revisions" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD COLUMN "returned_by" uuid;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_returned_by_users_id_fk" FOREIGN KEY ("returned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DO $migration$
DECLARE
  -- A new revision is neither returned (nor sent, nor approved).
  old_start constant text := '(NEW.approval_requested_at, NEW.approval_requested_by, NEW.approved_by, NEW.published_at) IS NULL
        AND NEW.created_at = now()';
  new_start constant text := '(NEW.approval_requested_at, NEW.approval_requested_by, NEW.approved_by, NEW.published_at,
             NEW.returned_at, NEW.returned_by, NEW.return_reason) IS NULL
        AND NEW.created_at = now()';
  old_draft constant text := 'IF NEW.state = ''draft'' THEN
      IF OLD.state <> ''draft'' THEN
        refusal := ''a revision never goes back to draft'';';
  new_draft constant text := 'IF NEW.state = ''draft'' AND OLD.state = ''pending_approval'' THEN
      IF NOT coalesce(content_kept AND (NEW.approval_requested_at, NEW.approval_requested_by, NEW.approved_by, NEW.published_at) IS NULL
          AND NEW.returned_by = caller AND NEW.returned_at = now() AND btrim(NEW.return_reason) <> ''''
          AND adv.status IN (''pending_approval'', ''published'') AND NEW.number = adv.current_revision, false) THEN
        refusal := ''a revision never goes back to draft but as it is returned for changes: the current one awaiting approval, as it was sent, its request cleared, now, in the caller''''s name, with a reason'';
      ELSIF NOT coalesce(caller_role = ''agency_approver'' OR caller = OLD.author_id OR caller = ANY (OLD.editors) OR caller = adv.created_by, false) THEN
        refusal := ''a revision awaiting approval is returned for changes only by an approver or one who wrote it'';
      ELSIF advisory_decision_conflicted(NEW.advisory_id, NEW.number, caller) THEN
        refusal := ''no one returns an advisory naming a company they declared a conflict with'';
      END IF;
    ELSIF (NEW.returned_at, NEW.returned_by, NEW.return_reason) IS DISTINCT FROM (OLD.returned_at, OLD.returned_by, OLD.return_reason) THEN
      refusal := ''its return is recorded only as it is returned for changes'';
    ELSIF NEW.state = ''draft'' THEN
      IF OLD.state <> ''draft'' THEN
        refusal := ''a revision never goes back to draft'';';
  old_moves constant text := 'OR (OLD.status = ''draft'' AND NEW.status = ''pending_approval'' AND sent)
        OR (OLD.status = ''published''';
  new_moves constant text := 'OR (OLD.status = ''draft'' AND NEW.status = ''pending_approval'' AND sent)
        OR (OLD.status = ''pending_approval'' AND NEW.status = ''draft''
            AND cur.state = ''draft'' AND cur.returned_by = caller AND cur.returned_at = now())
        OR (OLD.status = ''published''';
  old_moves_refusal constant text := 'refusal := ''it changes only as its working revision is saved or sent for approval by the caller'';';
  new_moves_refusal constant text := 'refusal := ''it changes only as its working revision is saved or sent for approval by the caller, or returned for changes by them'';';
  def text;
BEGIN
  def := pg_get_functiondef('advisory_revisions_guard_change()'::regprocedure);
  IF (length(def) - length(replace(def, old_start, ''))) <> length(old_start) THEN
    RAISE EXCEPTION 'advisory_revisions_guard_change: the rule for a new revision was not found once';
  END IF;
  def := replace(def, old_start, new_start);
  IF (length(def) - length(replace(def, old_draft, ''))) <> length(old_draft) THEN
    RAISE EXCEPTION 'advisory_revisions_guard_change: the rule for a revision back to draft was not found once';
  END IF;
  EXECUTE replace(def, old_draft, new_draft);

  def := pg_get_functiondef('advisories_guard_change()'::regprocedure);
  IF (length(def) - length(replace(def, old_moves, ''))) <> length(old_moves) THEN
    RAISE EXCEPTION 'advisories_guard_change: the moves of a save or a send were not found once';
  END IF;
  def := replace(def, old_moves, new_moves);
  IF (length(def) - length(replace(def, old_moves_refusal, ''))) <> length(old_moves_refusal) THEN
    RAISE EXCEPTION 'advisories_guard_change: the refusal of other moves was not found once';
  END IF;
  EXECUTE replace(def, old_moves_refusal, new_moves_refusal);
END
$migration$;--> statement-breakpoint
-- What app_rls may change: the three columns a return writes, besides 0038's.
GRANT UPDATE ("returned_at", "returned_by", "return_reason") ON "advisory_revisions" TO app_rls;
