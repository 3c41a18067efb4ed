-- Any official of the agency could withdraw an advisory never published, a colleague's draft or one
-- awaiting approval alike, and an official with a declared conflict with a company it names could end a
-- warning to that company before any approver saw it (the four-eyes rules covered approval and the
-- withdrawal of a published advisory only). Now a withdrawal is made by an approver, or, for an advisory
-- never published, by one of the writers of its working revision (its author, an editor, the advisory's
-- creator); and never by an official in conflict with a company the working revision or a published one
-- names (advisory_decision_conflicted, 0038). withdrawAdvisory in lib/services/withdraw-advisory.ts applies
-- the same rule first, with the reason in the caller's language.
--
-- The trigger function is changed in place (as 0033 and 0037 did): the condition is replaced word for
-- word in its definition, and the migration stops if it is not found.
DO $migration$
DECLARE
  old_rule constant text := 'ELSIF OLD.published_revision IS NOT NULL AND (caller_role <> ''agency_approver'' OR advisory_decision_conflicted(OLD.id, OLD.published_revision, caller)) THEN
        refusal := ''a published advisory is withdrawn by an approver with no conflict with a company it names'';';
  new_rule constant text := 'ELSIF advisory_decision_conflicted(OLD.id, OLD.current_revision, caller)
         OR (caller_role <> ''agency_approver'' AND (OLD.published_revision IS NOT NULL
             OR NOT coalesce(cur.author_id = caller OR caller = ANY (cur.editors) OR OLD.created_by = caller, false))) THEN
        refusal := ''an advisory is withdrawn by an approver, or one never published by one of its writers, and by no one in conflict with a company it names'';';
  def text;
BEGIN
  def := pg_get_functiondef('advisories_guard_change()'::regprocedure);
  IF position(old_rule IN def) = 0 THEN
    RAISE EXCEPTION 'advisories_guard_change: the withdrawal rule was not found';
  END IF;
  EXECUTE replace(def, old_rule, new_rule);
END
$migration$;
