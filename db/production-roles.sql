-- The application's database role on a PostgreSQL server (README, "Production database roles").
-- Run by the owner of the schema (the role that ran the migrations), after every migration:
--   psql "$OWNER_DATABASE_URL" -f db/production-roles.sql
-- The role kakehashi_app must exist: CREATE ROLE kakehashi_app LOGIN PASSWORD '…';
GRANT USAGE ON SCHEMA public TO kakehashi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kakehashi_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO kakehashi_app;
-- The audit log is append-only for the application: no UPDATE, DELETE or TRUNCATE…
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints FROM kakehashi_app;
-- …except that the sequencer fills in the chain columns, once (the trigger checks the "once").
GRANT UPDATE (seq, chain_version, hash) ON audit_events TO kakehashi_app;
-- It inserts events naming what happened, never their id, time, transaction or place in the chain: those
-- are the database's defaults and the sequencer's (migration 0025; the same columns as emit() writes).
REVOKE INSERT ON audit_events FROM kakehashi_app;
GRANT INSERT (actor_user_id, actor_org_id, actor_role, action, target_type, target_id, target_org_id, outcome, purpose, request_id, client_ip, user_agent, details)
  ON audit_events TO kakehashi_app;
-- Partitions are reached only through audit_events; the application holds nothing on them directly.
-- (Partitions made later by audit_ensure_partitions() belong to the owner and grant nothing.)
DO $$
DECLARE partition regclass;
BEGIN
  FOR partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'audit_events'::regclass LOOP
    EXECUTE format('REVOKE ALL ON %s FROM kakehashi_app', partition);
  END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION audit_ensure_partitions(timestamptz, timestamptz) TO kakehashi_app;
-- Requests that touch disclosure data switch to app_rls, where row-level security applies (migration 0006).
GRANT app_rls TO kakehashi_app;
-- As app_rls, of a disclosure row only its status and version counters change (migration 0031); the role
-- itself holds no more.
REVOKE UPDATE ON disclosures FROM kakehashi_app;
GRANT UPDATE (status, revision, latest_version, updated_at, updated_by) ON disclosures TO kakehashi_app;
REVOKE DELETE, TRUNCATE ON disclosure_working_copies FROM kakehashi_app;
-- Advisories are never removed, and of a delivery (a company's evidence of what it was sent, read and
-- acknowledged) only the columns the services move change, as the trigger of migration 0036 allows.
REVOKE DELETE, TRUNCATE ON advisories, advisory_revisions, advisory_deliveries FROM kakehashi_app;
REVOKE UPDATE ON advisory_deliveries FROM kakehashi_app;
GRANT UPDATE (current_revision, revised_at, first_read_at, first_read_by, read_revision,
  acknowledged_at, acknowledged_by, acknowledged_revision, acknowledgement_note) ON advisory_deliveries TO kakehashi_app;
-- Every acknowledgement a company gave is kept as given (migration 0039): it is read and added, never changed.
REVOKE UPDATE, DELETE, TRUNCATE ON advisory_acknowledgements FROM kakehashi_app;
-- Of an advisory and its revisions, only the columns the services' moves write (migration 0038, whose triggers
-- say when): never the id, agency, reference, creator, author or the advisory superseded.
REVOKE UPDATE ON advisories, advisory_revisions FROM kakehashi_app;
GRANT UPDATE (status, current_revision, published_revision, version, superseded_by_id, updated_at,
  first_published_at, last_published_at, withdrawn_at, withdrawn_by, withdrawal_reason) ON advisories TO kakehashi_app;
GRANT UPDATE (state, title, summary, body, severity, tlp, targets, change_summary, editors, updated_at,
  approval_requested_at, approval_requested_by, approved_by, published_at) ON advisory_revisions TO kakehashi_app;
-- The advisories' second wall asks whether a company may read an advisory, and the email worker (outside
-- the wall) whether one was withdrawn, through these security-definer functions (migration 0036).
GRANT EXECUTE ON FUNCTION advisory_open_to_company(uuid), advisory_withdrawn(text) TO kakehashi_app;
-- Which companies an advisory's targets reach, by every kind of target, is this one function's rule (migration
-- 0047): the reach preview asks it outside the wall. The exposure lookup by supplier country it calls
-- (migration 0007) is its alone (migration 0051): no session asks that directly, this role included.
GRANT EXECUTE ON FUNCTION advisory_reach(jsonb) TO kakehashi_app;
REVOKE EXECUTE ON FUNCTION advisory_exposed_companies(text[], text[]) FROM kakehashi_app;
-- A refusal of a disclosure is recorded against its owner, learnt through this one function (migration 0022).
GRANT EXECUTE ON FUNCTION disclosure_owner(uuid) TO kakehashi_app;
-- The risk-insight summaries hold company-level figures: only the aggregate function's role reads them (migration 0008).
REVOKE ALL ON exposure_company_products, exposure_dependences FROM kakehashi_app;
-- Which officials reach which companies (migration 0014) is kept by triggers that run as the owner; the
-- application reads it under row-level security but cannot write it (it would open the second wall).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON agency_reach FROM kakehashi_app;
-- The access report's daily counts (migration 0019) are written only by their rollup pass, which runs as the
-- owner and derives every row from the chained log.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_access_daily, audit_access_rollup FROM kakehashi_app;
GRANT EXECUTE ON FUNCTION audit_access_rollup_pass(integer, text[], text, text[], jsonb) TO kakehashi_app;
-- The job queue (pg-boss, in the schema pgboss that `npm run db:migrate` makes): the application sends,
-- fetches, completes and clears jobs, but the schema, its tables and its queues stay the owner's.
GRANT USAGE ON SCHEMA pgboss TO kakehashi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO kakehashi_app;
