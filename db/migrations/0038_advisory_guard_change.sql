-- Behind the advisories' second wall (0036) an official could still write any column of their agency's
-- advisory or of a revision in progress: empty a draft's editors or put a colleague in as its author and
-- then approve it themselves (the four-eyes rule of requireIndependentApprover, SPEC §4.3, was the services'
-- alone), set `status` or `published_revision` directly (published with no approval, or a superseded or
-- withdrawn advisory brought back), move `published_revision` back, or start an advisory already
-- "published" or "withdrawn" by someone else. As disclosures_guard_change does for disclosures (0031), two
-- triggers now let through, behind the wall (app.role set: the owner's own writes, migrations and the demo's
-- seed are not checked), exactly the moves the advisory services make, and nothing else:
--   - create (createAdvisory): an advisory as a draft of revision 1, unpublished, superseding at most a
--     published advisory of its agency; its revision 1 a draft in the caller's name, the caller its one editor;
--   - save (updateAdvisory): a draft's content, its editors as they were or with the caller appended; the
--     advisory's version counted;
--   - send (requestAdvisoryApproval): a draft as it is to pending_approval, by one who wrote it (its author,
--     an editor, the advisory's creator), in their own name, now; a first draft takes the advisory along;
--   - approve (approveAdvisory): the current revision awaiting approval, as it was sent, to published, by an
--     approver, in their own name, now, who neither drafted, edited, created nor sent it and declared no
--     conflict with a company the decision names; the advisory's published_revision moves to it (forward
--     only), last_published_at to now, first_published_at once; for a first revision superseding another,
--     that one (published, of the agency) is marked superseded by it, and its revision in progress discarded;
--   - revise (reviseAdvisory): a published advisory whose current revision is published gets the next
--     revision, the caller's draft;
--   - withdraw (withdrawAdvisory): draft, pending or published to withdrawn, now, in the caller's name, with a
--     reason, a published one by an approver without such a conflict; its revision in progress discarded.
-- Every change of an advisory counts one version and stamps updated_at; id, agency, reference, the advisory
-- it supersedes, creator and creation time never change, nor a revision's id, advisory, number, author and
-- creation time; published revisions stay immutable (0007), and a withdrawn or superseded advisory and a
-- discarded revision never change again. Company users and anyone else change nothing (the policies of 0036
-- already let them reach no row). app_rls may now update only the columns those moves write.
-- The one change to the services: a withdrawal marks the advisory withdrawn before it discards the revision
-- in progress (as a supersession did already), so a revision is discarded only with its advisory ended.

-- Whether the official declared a conflict, in force today, with a company the decision on the revision
-- names: the revision, any published revision of the advisory, and for a first revision of an advisory that
-- supersedes another, that one's published revisions (namedByDecision in lib/services/internal/advisories.ts).
CREATE FUNCTION advisory_decision_conflicted(advisory uuid, revision integer, official uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM conflict_declarations c
    WHERE c.user_id = official AND c.valid_from <= tokyo_today() AND (c.valid_until IS NULL OR c.valid_until >= tokyo_today())
      AND c.company_id::text IN (
        SELECT jsonb_array_elements_text(r.targets->'organisations') FROM advisory_revisions r
        WHERE (r.advisory_id = advisory AND (r.number = revision OR r.state = 'published'))
           OR (revision = 1 AND r.state = 'published' AND r.advisory_id = (SELECT a.supersedes_id FROM advisories a WHERE a.id = advisory))))
$$;--> statement-breakpoint
CREATE FUNCTION advisories_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  caller_role constant text := app_setting('app.role');
  caller constant uuid := app_setting('app.user_id')::uuid;
  cur advisory_revisions%ROWTYPE;
  sent boolean;
  refusal text;
BEGIN
  IF caller_role IS NULL THEN
    RETURN NEW;
  END IF;
  IF caller_role NOT IN ('agency_reviewer', 'agency_approver') THEN
    refusal := 'only agency staff write advisories';
  ELSIF TG_OP = 'INSERT' THEN
    IF NOT coalesce(NEW.status = 'draft' AND NEW.current_revision = 1 AND NEW.version = 1 AND NEW.created_by = caller
        AND (NEW.published_revision, NEW.first_published_at, NEW.last_published_at, NEW.superseded_by_id,
             NEW.withdrawn_at, NEW.withdrawn_by, NEW.withdrawal_reason) IS NULL
        AND NEW.created_at = now() AND NEW.updated_at = now(), false) THEN
      refusal := 'an advisory starts now as the caller''s draft of revision 1, unpublished, neither superseded nor withdrawn';
    ELSIF NEW.supersedes_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM advisories s WHERE s.id = NEW.supersedes_id AND s.agency_id = NEW.agency_id AND s.status = 'published') THEN
      refusal := 'it supersedes only a published advisory of its agency';
    END IF;
  ELSIF (NEW.id, NEW.agency_id, NEW.reference, NEW.supersedes_id, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.agency_id, OLD.reference, OLD.supersedes_id, OLD.created_by, OLD.created_at) THEN
    refusal := 'its id, agency, reference, the advisory it supersedes, creator and creation time never change';
  ELSIF OLD.status IN ('withdrawn', 'superseded') THEN
    refusal := format('a %s advisory never changes again', OLD.status);
  ELSIF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
    refusal := 'each change of an advisory counts one version';
  ELSE
    SELECT * INTO cur FROM advisory_revisions r WHERE r.advisory_id = NEW.id AND r.number = NEW.current_revision;
    sent := coalesce(cur.state = 'pending_approval' AND cur.approval_requested_by = caller AND cur.approval_requested_at = now(), false);
    IF NEW.status = 'withdrawn' THEN
      IF (NEW.current_revision, NEW.published_revision, NEW.first_published_at, NEW.last_published_at, NEW.superseded_by_id)
         IS DISTINCT FROM (OLD.current_revision, OLD.published_revision, OLD.first_published_at, OLD.last_published_at, OLD.superseded_by_id)
         OR NOT coalesce(NEW.withdrawn_at = now() AND NEW.withdrawn_by = caller AND btrim(NEW.withdrawal_reason) <> '', false) THEN
        refusal := 'a withdrawal records now, the caller and a reason, and changes nothing else';
      ELSIF OLD.published_revision IS NOT NULL AND (caller_role <> 'agency_approver' OR advisory_decision_conflicted(OLD.id, OLD.published_revision, caller)) THEN
        refusal := 'a published advisory is withdrawn by an approver with no conflict with a company it names';
      END IF;
    ELSIF (NEW.withdrawn_at, NEW.withdrawn_by, NEW.withdrawal_reason) IS DISTINCT FROM (OLD.withdrawn_at, OLD.withdrawn_by, OLD.withdrawal_reason) THEN
      refusal := 'its withdrawal is recorded only as it is withdrawn';
    ELSIF NEW.status = 'superseded' THEN
      IF OLD.status <> 'published' OR OLD.superseded_by_id IS NOT NULL
         OR (NEW.current_revision, NEW.published_revision, NEW.first_published_at, NEW.last_published_at)
            IS DISTINCT FROM (OLD.current_revision, OLD.published_revision, OLD.first_published_at, OLD.last_published_at)
         OR NOT EXISTS (
           SELECT 1 FROM advisories s JOIN advisory_revisions r ON r.advisory_id = s.id AND r.number = 1
           WHERE s.id = NEW.superseded_by_id AND s.supersedes_id = OLD.id AND s.agency_id = OLD.agency_id
             AND s.status = 'published' AND s.published_revision = 1 AND s.first_published_at = now()
             AND r.state = 'published' AND r.approved_by = caller AND r.published_at = now()) THEN
        refusal := 'a published advisory is superseded only as the caller approves, now, the advisory that supersedes it';
      END IF;
    ELSIF NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id THEN
      refusal := 'what supersedes it is recorded only as it is superseded';
    ELSIF (NEW.published_revision, NEW.first_published_at, NEW.last_published_at)
          IS DISTINCT FROM (OLD.published_revision, OLD.first_published_at, OLD.last_published_at) THEN
      IF NOT coalesce(NEW.status = 'published' AND OLD.status IN ('pending_approval', 'published') AND caller_role = 'agency_approver'
          AND NEW.current_revision = OLD.current_revision AND NEW.published_revision = OLD.current_revision
          AND NEW.published_revision > coalesce(OLD.published_revision, 0)
          AND NEW.first_published_at = coalesce(OLD.first_published_at, now()) AND NEW.last_published_at = now()
          AND cur.state = 'published' AND cur.approved_by = caller AND cur.published_at = now(), false) THEN
        refusal := 'it is published only as the caller approves, now, its current revision (published_revision moves forward only)';
      END IF;
    ELSIF NEW.current_revision IS DISTINCT FROM OLD.current_revision THEN
      IF NOT coalesce(OLD.status = 'published' AND NEW.status = 'published' AND OLD.current_revision = OLD.published_revision
          AND NEW.current_revision = OLD.current_revision + 1 AND cur.state = 'draft' AND cur.author_id = caller, false) THEN
        refusal := 'a next revision is started only of a published advisory, as the caller''s draft';
      END IF;
    -- A save of the working revision, or sending it for approval.
    ELSIF NOT coalesce((OLD.status = 'draft' AND NEW.status = 'draft' AND cur.state = 'draft')
        OR (OLD.status = 'draft' AND NEW.status = 'pending_approval' AND sent)
        OR (OLD.status = 'published' AND NEW.status = 'published' AND cur.number > OLD.published_revision AND (cur.state = 'draft' OR sent)), false) THEN
      refusal := 'it changes only as its working revision is saved or sent for approval by the caller';
    END IF;
  END IF;
  IF refusal IS NOT NULL THEN
    RAISE EXCEPTION 'advisories: % (advisory %, % by %, % to %)', refusal, NEW.id, TG_OP, caller_role,
      CASE WHEN TG_OP = 'UPDATE' THEN OLD.status ELSE 'new' END, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE FUNCTION advisory_revisions_guard_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  caller_role constant text := app_setting('app.role');
  caller constant uuid := app_setting('app.user_id')::uuid;
  adv advisories%ROWTYPE;
  content_kept boolean;
  request_kept boolean;
  approval_kept boolean;
  working boolean;
  refusal text;
BEGIN
  IF caller_role IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT * INTO adv FROM advisories a WHERE a.id = NEW.advisory_id;
  working := coalesce(adv.status IN ('draft', 'published') AND NEW.number = adv.current_revision, false);
  IF caller_role NOT IN ('agency_reviewer', 'agency_approver') THEN
    refusal := 'only agency staff write advisories';
  ELSIF TG_OP = 'INSERT' THEN
    IF NOT coalesce(NEW.state = 'draft' AND NEW.author_id = caller AND NEW.editors = ARRAY[caller]
        AND (NEW.approval_requested_at, NEW.approval_requested_by, NEW.approved_by, NEW.published_at) IS NULL
        AND NEW.created_at = now() AND NEW.updated_at = now(), false) THEN
      refusal := 'a revision starts now as the caller''s draft, the caller its one editor, neither sent nor approved';
    ELSIF NOT coalesce((NEW.number = 1 AND adv.status = 'draft' AND adv.current_revision = 1)
        OR (NEW.number = adv.current_revision + 1 AND adv.status = 'published' AND adv.published_revision = adv.current_revision), false) THEN
      refusal := 'a revision is the first of a new advisory or the next of a published one';
    END IF;
  ELSIF (NEW.id, NEW.advisory_id, NEW.number, NEW.author_id, NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.advisory_id, OLD.number, OLD.author_id, OLD.created_at) THEN
    refusal := 'its id, advisory, number, author and creation time never change';
  ELSIF OLD.state NOT IN ('draft', 'pending_approval') THEN
    refusal := format('a %s revision never changes again', OLD.state);
  ELSE
    content_kept := (NEW.title, NEW.summary, NEW.body, NEW.severity, NEW.tlp, NEW.targets, NEW.change_summary, NEW.editors)
      IS NOT DISTINCT FROM (OLD.title, OLD.summary, OLD.body, OLD.severity, OLD.tlp, OLD.targets, OLD.change_summary, OLD.editors);
    request_kept := (NEW.approval_requested_at, NEW.approval_requested_by) IS NOT DISTINCT FROM (OLD.approval_requested_at, OLD.approval_requested_by);
    approval_kept := (NEW.approved_by, NEW.published_at) IS NOT DISTINCT FROM (OLD.approved_by, OLD.published_at);
    IF NEW.state = 'draft' THEN
      IF OLD.state <> 'draft' THEN
        refusal := 'a revision never goes back to draft';
      ELSIF NOT request_kept OR NOT approval_kept OR NOT working THEN
        refusal := 'only the working draft is saved, and nothing but its content and editors';
      ELSIF NEW.editors IS DISTINCT FROM
            (CASE WHEN caller = ANY (OLD.editors) THEN OLD.editors ELSE array_append(OLD.editors, caller) END) THEN
        refusal := 'its editors only grow, by the one who saves it';
      END IF;
    ELSIF NEW.state = 'pending_approval' THEN
      IF OLD.state = 'pending_approval' THEN
        refusal := 'a revision awaiting approval changes only as it is approved, or discarded with its advisory';
      ELSIF NOT content_kept OR NOT approval_kept OR NOT working THEN
        refusal := 'only the working draft is sent for approval, as it is';
      ELSIF NOT coalesce(NEW.approval_requested_by = caller AND NEW.approval_requested_at = now()
          AND (caller = OLD.author_id OR caller = ANY (OLD.editors) OR caller = adv.created_by), false) THEN
        refusal := 'it is sent for approval now, by one who wrote it, in their own name';
      END IF;
    ELSIF NEW.state = 'published' THEN
      IF OLD.state <> 'pending_approval' OR NOT content_kept OR NOT request_kept
         OR NOT coalesce(adv.status IN ('pending_approval', 'published') AND NEW.number = adv.current_revision, false) THEN
        refusal := 'only the current revision awaiting approval is published, as it was sent';
      ELSIF NOT coalesce(caller_role = 'agency_approver' AND NEW.approved_by = caller AND NEW.published_at = now(), false) THEN
        refusal := 'it is approved now by an approver, in their own name';
      ELSIF NOT coalesce(caller <> OLD.author_id AND NOT (caller = ANY (OLD.editors))
          AND caller IS DISTINCT FROM OLD.approval_requested_by AND caller <> adv.created_by, false) THEN
        refusal := 'no one approves a revision they drafted, edited, created or sent for approval (four eyes)';
      ELSIF advisory_decision_conflicted(NEW.advisory_id, NEW.number, caller) THEN
        refusal := 'no one approves an advisory naming a company they declared a conflict with';
      END IF;
    ELSIF NEW.state = 'discarded' THEN
      IF NOT content_kept OR NOT request_kept OR NOT approval_kept OR NOT coalesce(adv.status IN ('withdrawn', 'superseded'), false) THEN
        refusal := 'a revision in progress is discarded only as it is, with its advisory withdrawn or superseded';
      END IF;
    ELSE
      refusal := 'no such move';
    END IF;
  END IF;
  IF refusal IS NOT NULL THEN
    RAISE EXCEPTION 'advisory_revisions: % (advisory %, revision %, % by %, % to %)', refusal, NEW.advisory_id, NEW.number, TG_OP, caller_role,
      CASE WHEN TG_OP = 'UPDATE' THEN OLD.state ELSE 'new' END, NEW.state USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER advisories_guard_change BEFORE INSERT OR UPDATE ON "advisories" FOR EACH ROW EXECUTE FUNCTION advisories_guard_change();--> statement-breakpoint
-- Named after 0007's advisory_revisions_guard, so that one (a published revision is immutable, to everyone) fires first.
CREATE TRIGGER advisory_revisions_guard_change BEFORE INSERT OR UPDATE ON "advisory_revisions" FOR EACH ROW EXECUTE FUNCTION advisory_revisions_guard_change();--> statement-breakpoint
-- What app_rls may change at all: the columns the moves above write.
REVOKE UPDATE ON "advisories", "advisory_revisions" FROM app_rls;--> statement-breakpoint
GRANT UPDATE ("status", "current_revision", "published_revision", "version", "superseded_by_id", "updated_at",
  "first_published_at", "last_published_at", "withdrawn_at", "withdrawn_by", "withdrawal_reason") ON "advisories" TO app_rls;--> statement-breakpoint
GRANT UPDATE ("state", "title", "summary", "body", "severity", "tlp", "targets", "change_summary", "editors", "updated_at",
  "approval_requested_at", "approval_requested_by", "approved_by", "published_at") ON "advisory_revisions" TO app_rls;
