-- The guards of 0038/0040/0044 judge each row as it is written, one statement at a time, so they cannot
-- see the other half of a move that writes two tables. A return for changes (0044) writes the revision
-- (pending_approval → draft) and then its advisory (pending_approval → draft): a direct write could make
-- the first and never the second, leaving an advisory "awaiting approval" whose revision is a draft again —
-- in the approvers' queue, yet one the services can neither approve, send, return nor save, only withdraw.
-- The same holds of a send (draft → pending_approval), an approval (the revision published, the
-- advisory's published_revision not moved to it), a revision started (a draft revision n+1 the advisory
-- does not point to, which blocks every later revision) and the rest. Now, at commit, whoever wrote it (the
-- owner included), each advisory written or whose revision was written must agree with its revisions:
--   - its current revision exists, and its state goes with the advisory's status:
--       draft            → draft                          (never published)
--       pending_approval → pending_approval               (never published)
--       published        → published, draft or pending_approval (the next revision in progress)
--       withdrawn, superseded → published or discarded    (a revision in progress goes with it)
--   - no other revision of it is in progress (draft or pending_approval), and none comes after the current;
--   - its published_revision is its latest published revision (NULL while none is), and is set exactly
--     when the status is published (withdrawn and superseded: either).
-- A constraint trigger on each table, DEFERRABLE INITIALLY DEFERRED: the services write the revision and
-- the advisory in either order within the transaction (a return writes the revision first, a withdrawal
-- the advisory first), and only the state at commit is judged. The check reads both tables as the NOLOGIN
-- role of 0036's walls (app_advisory_wall), so that what the writer's row-level security hides from it, or
-- a role with no policy (the production application outside the wall), cannot make it pass unseen. Rows
-- written before this migration are not re-checked until they are written again.
CREATE FUNCTION advisory_states_agree() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  ids uuid[];
  advisory uuid;
  adv record;
  current_state text;
  stray integer;
  latest_published integer;
  refusal text;
BEGIN
  IF TG_TABLE_NAME = 'advisories' THEN
    ids := ARRAY[NEW.id];
  ELSIF TG_OP = 'UPDATE' AND OLD.advisory_id IS DISTINCT FROM NEW.advisory_id THEN
    ids := ARRAY[NEW.advisory_id, OLD.advisory_id];
  ELSE
    ids := ARRAY[NEW.advisory_id];
  END IF;
  FOREACH advisory IN ARRAY ids LOOP
    SELECT a.status, a.current_revision, a.published_revision INTO adv FROM advisories a WHERE a.id = advisory;
    CONTINUE WHEN NOT FOUND;
    SELECT r.state INTO current_state FROM advisory_revisions r WHERE r.advisory_id = advisory AND r.number = adv.current_revision;
    SELECT count(*) FILTER (WHERE r.number > adv.current_revision OR (r.number < adv.current_revision AND r.state IN ('draft', 'pending_approval'))),
           max(r.number) FILTER (WHERE r.state = 'published')
      INTO stray, latest_published
      FROM advisory_revisions r WHERE r.advisory_id = advisory;
    IF current_state IS NULL THEN
      refusal := format('its current revision %s does not exist', adv.current_revision);
    ELSIF NOT (CASE adv.status
        WHEN 'draft' THEN current_state = 'draft'
        WHEN 'pending_approval' THEN current_state = 'pending_approval'
        WHEN 'published' THEN current_state IN ('published', 'draft', 'pending_approval')
        ELSE current_state IN ('published', 'discarded') END) THEN
      refusal := format('the advisory is %s but its current revision %s is %s', adv.status, adv.current_revision, current_state);
    ELSIF stray > 0 THEN
      refusal := format('only its current revision (%s) may be in progress, and none comes after it', adv.current_revision);
    ELSIF adv.published_revision IS DISTINCT FROM latest_published THEN
      refusal := format('its published revision (%s) is not its latest published one (%s)',
        coalesce(adv.published_revision::text, 'none'), coalesce(latest_published::text, 'none'));
    ELSIF (adv.status = 'published') <> (adv.published_revision IS NOT NULL) AND adv.status NOT IN ('withdrawn', 'superseded') THEN
      refusal := format('the advisory is %s with published revision %s', adv.status, coalesce(adv.published_revision::text, 'none'));
    END IF;
    IF refusal IS NOT NULL THEN
      RAISE EXCEPTION 'advisories: an advisory and its revisions must agree when the transaction ends: % (advisory %)', refusal, advisory
        USING ERRCODE = 'check_violation',
              HINT = 'A move writes the revision and its advisory together (a return, a send, an approval, a withdrawal): write both, or neither.';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER advisories_states_agree AFTER INSERT OR UPDATE OF status, current_revision, published_revision ON "advisories"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION advisory_states_agree();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER advisory_revisions_states_agree AFTER INSERT OR UPDATE OF state, number, advisory_id ON "advisory_revisions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION advisory_states_agree();--> statement-breakpoint
ALTER FUNCTION advisory_states_agree() OWNER TO app_advisory_wall;--> statement-breakpoint
REVOKE ALL ON FUNCTION advisory_states_agree() FROM PUBLIC;
