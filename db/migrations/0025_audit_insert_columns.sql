-- An event's writer names only what happened; the database fills in the rest. Until now app_rls (and so
-- the application's role, a member of it) could INSERT every column of audit_events: an event dated in
-- the past (occurred_at), one that arrived already "chained" (seq, chain_version, hash) or one that could
-- never be chained (a tx_id from the future, so the sequencer waits for it for ever). The grant is now
-- the columns emit() writes (lib/audit/emit.ts, which a test holds to this list); id, occurred_at and
-- tx_id take their defaults, and the chain columns stay the sequencer's one-time UPDATE.
-- db/production-roles.sql does the same for kakehashi_app.
REVOKE INSERT ON audit_events FROM app_rls;--> statement-breakpoint
GRANT INSERT (actor_user_id, actor_org_id, actor_role, action, target_type, target_id, target_org_id, outcome, purpose, request_id, client_ip, user_agent, details)
  ON audit_events TO app_rls;
