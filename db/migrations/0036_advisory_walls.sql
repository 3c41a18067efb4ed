-- A second wall for the advisory tables, as 0002, 0006 and 0031 built for the audit log and disclosures.
--
-- 1. A delivery is what a company relies on: which revision it was sent and when, when it first read it
--    and who, which revision it acknowledged, when, by whom and with what note. The application's role could
--    change or delete any of it. A trigger now refuses, for every role including the owner (as 0002 and
--    0007 do for the audit log and published revisions), DELETE and TRUNCATE, and lets an UPDATE through
--    only as one of the moves the services make, at the transaction's time (now()):
--    - a new published revision reaches the company (approveAdvisory): current_revision forward to a
--      published revision of the advisory, with revised_at;
--    - a read receipt (getAdvisory, and acknowledgeAdvisory, which is reading too): first_read_at and
--      first_read_by set once, from NULL, by a user of the company; read_revision forward only, never
--      past current_revision;
--    - an acknowledgement (acknowledgeAdvisory): acknowledged_at, _by, _revision and the note, of the
--      current revision, read, by a user of the company, and never again for a revision acknowledged
--      already (a later revision, delivered since, is acknowledged in its turn).
--    Its advisory, company, delivery time and delivered revision never change. Behind the wall (below) an
--    official may only move the revision, and a company's user only read and acknowledge, in their own name.
--    Published revisions could be removed by TRUNCATE (0007's guard is a row trigger), and advisories are
--    never deleted either (a withdrawal is the remedy): both refuse it now.
-- 2. Row-level security, the second wall behind the services' need-to-know checks (README, "Advisories").
--    The advisory services now run as app_rls with the caller in app.user_id, app.org_id and app.role, as
--    the disclosure services do. Agency staff see their own agency's advisories, every revision of them and
--    their deliveries; they create and change only those, deliver only a published revision of them, now,
--    to companies, with no receipt. A company's users see the published advisories delivered to it and
--    the published TLP:CLEAR ones (companyVisible in lib/services/internal/advisories.ts), only their
--    published revisions, only their own company's deliveries, and change nothing but their deliveries.
--    Everyone else sees nothing. Whether a company may read an advisory asks its deliveries and revisions,
--    whose walls ask the advisory: that one test is a security-definer function of a NOLOGIN role of its
--    own (policies cannot refer to each other in a circle), answering about the caller's company only. The
--    email worker, which runs outside the wall, asks whether an advisory was withdrawn the same way.
CREATE FUNCTION advisory_delivery_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  caller_role constant text := app_setting('app.role');
  caller constant uuid := app_setting('app.user_id')::uuid;
  company_caller constant boolean := coalesce(caller_role IN ('company_officer', 'company_admin'), false);
  revision_moved boolean;
  first_read boolean;
  read_moved boolean;
  acknowledged boolean;
  refusal text;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'advisory_deliveries: a delivery is the record of what a company was sent, read and acknowledged: % refused', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  revision_moved := (NEW.current_revision, NEW.revised_at) IS DISTINCT FROM (OLD.current_revision, OLD.revised_at);
  first_read := (NEW.first_read_at, NEW.first_read_by) IS DISTINCT FROM (OLD.first_read_at, OLD.first_read_by);
  read_moved := NEW.read_revision IS DISTINCT FROM OLD.read_revision;
  acknowledged := (NEW.acknowledged_at, NEW.acknowledged_by, NEW.acknowledged_revision, NEW.acknowledgement_note)
    IS DISTINCT FROM (OLD.acknowledged_at, OLD.acknowledged_by, OLD.acknowledged_revision, OLD.acknowledgement_note);
  IF (NEW.id, NEW.advisory_id, NEW.organisation_id, NEW.delivered_at, NEW.delivered_revision)
     IS DISTINCT FROM (OLD.id, OLD.advisory_id, OLD.organisation_id, OLD.delivered_at, OLD.delivered_revision) THEN
    refusal := 'its advisory, company, delivery time and delivered revision never change';
  ELSIF revision_moved AND (first_read OR read_moved OR acknowledged) THEN
    refusal := 'a new revision is delivered on its own, never with a reading or an acknowledgement';
  ELSIF revision_moved AND NOT coalesce(
      NEW.current_revision > OLD.current_revision AND NEW.revised_at = now()
      AND (caller_role IS NULL OR caller_role IN ('agency_reviewer', 'agency_approver'))
      AND EXISTS (SELECT 1 FROM advisory_revisions r
                  WHERE r.advisory_id = NEW.advisory_id AND r.number = NEW.current_revision AND r.state = 'published'), false) THEN
    refusal := format('the revision delivered moves forward only, to a published revision, now (from %s to %s)', OLD.current_revision, NEW.current_revision);
  ELSIF first_read AND NOT coalesce(
      OLD.first_read_at IS NULL AND OLD.first_read_by IS NULL AND NEW.first_read_at = now() AND NEW.first_read_by IS NOT NULL
      AND (caller_role IS NULL OR (company_caller AND NEW.first_read_by = caller)), false) THEN
    refusal := 'its first reading is recorded once, now, by the reader';
  ELSIF read_moved AND NOT coalesce(
      NEW.read_revision > coalesce(OLD.read_revision, 0) AND NEW.read_revision <= NEW.current_revision
      AND NEW.first_read_at IS NOT NULL AND (caller_role IS NULL OR company_caller), false) THEN
    refusal := format('the revision read moves forward only, up to the revision delivered (from %s to %s)', coalesce(OLD.read_revision::text, 'none'), coalesce(NEW.read_revision::text, 'none'));
  ELSIF acknowledged AND NOT coalesce(
      NEW.acknowledged_revision = NEW.current_revision AND NEW.acknowledged_revision > coalesce(OLD.acknowledged_revision, 0)
      AND NEW.read_revision >= NEW.acknowledged_revision AND NEW.acknowledged_at = now() AND NEW.acknowledged_by IS NOT NULL
      AND (caller_role IS NULL OR (company_caller AND NEW.acknowledged_by = caller)), false) THEN
    refusal := format('an acknowledgement is of the revision delivered, read, once, now, by the reader (revision %s, acknowledged %s)',
      NEW.current_revision, coalesce(OLD.acknowledged_revision::text, 'none'));
  ELSIF (first_read AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = NEW.first_read_by AND m.organisation_id = NEW.organisation_id
                                    AND m.role IN ('company_officer', 'company_admin')))
     OR (acknowledged AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = NEW.acknowledged_by AND m.organisation_id = NEW.organisation_id
                                      AND m.role IN ('company_officer', 'company_admin'))) THEN
    refusal := 'only a user of the company reads and acknowledges what it was sent';
  END IF;
  IF refusal IS NOT NULL THEN
    RAISE EXCEPTION 'advisory_deliveries: % (delivery %)', refusal, OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER advisory_deliveries_guard BEFORE UPDATE OR DELETE ON "advisory_deliveries" FOR EACH ROW EXECUTE FUNCTION advisory_delivery_guard();--> statement-breakpoint
CREATE TRIGGER advisory_deliveries_no_truncate BEFORE TRUNCATE ON "advisory_deliveries" FOR EACH STATEMENT EXECUTE FUNCTION advisory_delivery_guard();--> statement-breakpoint
CREATE FUNCTION advisory_refuse_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: advisories and their revisions are never removed (a withdrawal is the remedy): % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER advisory_revisions_no_truncate BEFORE TRUNCATE ON "advisory_revisions" FOR EACH STATEMENT EXECUTE FUNCTION advisory_refuse_removal();--> statement-breakpoint
CREATE TRIGGER advisories_no_delete BEFORE DELETE ON "advisories" FOR EACH ROW EXECUTE FUNCTION advisory_refuse_removal();--> statement-breakpoint
CREATE TRIGGER advisories_no_truncate BEFORE TRUNCATE ON "advisories" FOR EACH STATEMENT EXECUTE FUNCTION advisory_refuse_removal();--> statement-breakpoint
-- What app_rls may do at all; the policies say to which rows, the guard above when.
REVOKE DELETE, TRUNCATE ON "advisories", "advisory_revisions", "advisory_deliveries" FROM app_rls;--> statement-breakpoint
REVOKE UPDATE ON "advisory_deliveries" FROM app_rls;--> statement-breakpoint
GRANT UPDATE ("current_revision", "revised_at", "first_read_at", "first_read_by", "read_revision",
  "acknowledged_at", "acknowledged_by", "acknowledged_revision", "acknowledgement_note") ON "advisory_deliveries" TO app_rls;--> statement-breakpoint
-- The role of the two security-definer functions below: it reads the advisory tables, nothing else.
DO $$
BEGIN
  CREATE ROLE app_advisory_wall NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT app_advisory_wall TO current_user;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_advisory_wall;--> statement-breakpoint
GRANT SELECT ON "advisories", "advisory_revisions", "advisory_deliveries" TO app_advisory_wall;--> statement-breakpoint
CREATE POLICY advisories_wall_function ON "advisories" FOR SELECT TO app_advisory_wall USING (true);--> statement-breakpoint
CREATE POLICY advisory_revisions_wall_function ON "advisory_revisions" FOR SELECT TO app_advisory_wall USING (true);--> statement-breakpoint
CREATE POLICY advisory_deliveries_wall_function ON "advisory_deliveries" FOR SELECT TO app_advisory_wall USING (true);--> statement-breakpoint
-- May the caller's company read this advisory: published, and delivered to it or TLP:CLEAR (companyVisible).
CREATE FUNCTION advisory_open_to_company(advisory uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM advisories a
    WHERE a.id = advisory AND a.published_revision IS NOT NULL
      AND (EXISTS (SELECT 1 FROM advisory_deliveries d WHERE d.advisory_id = a.id AND d.organisation_id = app_setting('app.org_id')::uuid)
           OR EXISTS (SELECT 1 FROM advisory_revisions r WHERE r.advisory_id = a.id AND r.number = a.published_revision AND r.tlp = 'CLEAR')));
END
$$;--> statement-breakpoint
ALTER FUNCTION advisory_open_to_company(uuid) OWNER TO app_advisory_wall;--> statement-breakpoint
REVOKE ALL ON FUNCTION advisory_open_to_company(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION advisory_open_to_company(uuid) TO app_rls;--> statement-breakpoint
-- Was the advisory an email announces withdrawn since (lib/notifications/deliver.ts, outside the wall)?
CREATE FUNCTION advisory_withdrawn(advisory text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
  SELECT EXISTS (SELECT 1 FROM advisories a WHERE a.status = 'withdrawn'
    AND a.id = CASE WHEN advisory ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN advisory::uuid END)
$$;--> statement-breakpoint
ALTER FUNCTION advisory_withdrawn(text) OWNER TO app_advisory_wall;--> statement-breakpoint
REVOKE ALL ON FUNCTION advisory_withdrawn(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION advisory_withdrawn(text) TO app_rls;--> statement-breakpoint
ALTER TABLE "advisories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "advisories" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY advisories_read ON "advisories" FOR SELECT TO app_rls USING (
  CASE
    WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN advisories.agency_id = app_setting('app.org_id')::uuid
    WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN advisories.published_revision IS NOT NULL AND advisory_open_to_company(advisories.id)
    ELSE false
  END);--> statement-breakpoint
CREATE POLICY advisories_create ON "advisories" FOR INSERT TO app_rls WITH CHECK (
  app_setting('app.role') IN ('agency_reviewer', 'agency_approver') AND advisories.agency_id = app_setting('app.org_id')::uuid
  AND advisories.created_by = app_setting('app.user_id')::uuid AND advisories.status = 'draft' AND advisories.published_revision IS NULL);--> statement-breakpoint
CREATE POLICY advisories_change ON "advisories" FOR UPDATE TO app_rls
  USING (app_setting('app.role') IN ('agency_reviewer', 'agency_approver') AND advisories.agency_id = app_setting('app.org_id')::uuid);--> statement-breakpoint
-- The advisory's wall decides (a scalar subquery on its key: one probe per row, never the caller's whole list).
ALTER TABLE "advisory_revisions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "advisory_revisions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY advisory_revisions_read ON "advisory_revisions" FOR SELECT TO app_rls USING (
  (SELECT true FROM advisories a WHERE a.id = advisory_revisions.advisory_id) IS NOT NULL
  AND (advisory_revisions.state = 'published' OR app_setting('app.role') IN ('agency_reviewer', 'agency_approver')));--> statement-breakpoint
CREATE POLICY advisory_revisions_create ON "advisory_revisions" FOR INSERT TO app_rls WITH CHECK (
  app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
  AND (SELECT a.agency_id FROM advisories a WHERE a.id = advisory_revisions.advisory_id) = app_setting('app.org_id')::uuid
  AND advisory_revisions.author_id = app_setting('app.user_id')::uuid AND advisory_revisions.state = 'draft');--> statement-breakpoint
CREATE POLICY advisory_revisions_change ON "advisory_revisions" FOR UPDATE TO app_rls USING (
  app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
  AND (SELECT a.agency_id FROM advisories a WHERE a.id = advisory_revisions.advisory_id) = app_setting('app.org_id')::uuid);--> statement-breakpoint
ALTER TABLE "advisory_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "advisory_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY advisory_deliveries_read ON "advisory_deliveries" FOR SELECT TO app_rls USING (
  CASE
    WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN advisory_deliveries.organisation_id = app_setting('app.org_id')::uuid
    WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
      (SELECT a.agency_id FROM advisories a WHERE a.id = advisory_deliveries.advisory_id) = app_setting('app.org_id')::uuid
    ELSE false
  END);--> statement-breakpoint
-- Publishing: the published revision, now, to a company, unread.
CREATE POLICY advisory_deliveries_deliver ON "advisory_deliveries" FOR INSERT TO app_rls WITH CHECK (
  app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
  AND (SELECT a.published_revision FROM advisories a
       WHERE a.id = advisory_deliveries.advisory_id AND a.agency_id = app_setting('app.org_id')::uuid) = advisory_deliveries.delivered_revision
  AND advisory_deliveries.current_revision = advisory_deliveries.delivered_revision AND advisory_deliveries.delivered_at = now()
  AND advisory_deliveries.revised_at IS NULL AND advisory_deliveries.first_read_at IS NULL AND advisory_deliveries.first_read_by IS NULL
  AND advisory_deliveries.read_revision IS NULL AND advisory_deliveries.acknowledged_at IS NULL AND advisory_deliveries.acknowledged_by IS NULL
  AND advisory_deliveries.acknowledged_revision IS NULL AND advisory_deliveries.acknowledgement_note IS NULL
  AND (SELECT o.type FROM organisations o WHERE o.id = advisory_deliveries.organisation_id) = 'company');--> statement-breakpoint
-- Which rows each caller may change: the guard says how.
CREATE POLICY advisory_deliveries_change ON "advisory_deliveries" FOR UPDATE TO app_rls USING (
  CASE
    WHEN app_setting('app.role') IN ('company_officer', 'company_admin') THEN advisory_deliveries.organisation_id = app_setting('app.org_id')::uuid
    WHEN app_setting('app.role') IN ('agency_reviewer', 'agency_approver') THEN
      (SELECT a.agency_id FROM advisories a WHERE a.id = advisory_deliveries.advisory_id) = app_setting('app.org_id')::uuid
    ELSE false
  END);
