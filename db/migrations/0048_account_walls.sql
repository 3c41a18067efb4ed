-- The account tables' second wall (SPEC §6: row-level security keeps tenants apart even if the application
-- layer errs). Until now a company admin's scope over users, their memberships, sessions, API tokens,
-- authenticators, product assignments and conflict declarations rested on the services' WHERE clauses alone
-- (findManagedUser, listUsers, revokeApiToken…). The administration and own-account services now run behind
-- the wall (enterRowSecurity: SET LOCAL ROLE app_rls with the caller's user, organisation and role), as the
-- disclosure and advisory services do, and these policies hold there:
--   - a platform admin and an auditor reach every account (both see real identities by their role);
--   - anyone else reaches their own account and the accounts whose membership is in their own organisation;
--     a membership row only if it is in their own organisation;
--   - agency staff also read (never write) the user and membership rows of companies' accounts: an approval
--     mails each company's officers and admins, and an agency sees who acknowledged an advisory. No
--     company reads an official's account (it knows them by pseudonym) nor another company's;
--   - writes (WITH CHECK) as reads, but never an auditor's.
-- An account with no membership yet is reachable: invitation inserts the user, then its membership, in one
-- transaction, and the membership's own check keeps it in the inviter's organisation.
-- Outside the wall nothing changes: sign-in, session and token checks and the background jobs run before a
-- caller is known, as the application's role (kakehashi_app in production, which owns nothing) or as the
-- NOLOGIN owners of the security-definer functions (the insight and advisory functions read assignments and
-- conflicts); a policy for every role but app_rls keeps those as they were. The owner of the schema is not
-- subject to these tables' policies (no FORCE), as before.
-- Whose organisation an account belongs to is answered by one security-definer function under a NOLOGIN
-- role of its own (as disclosure_owner in 0022): inside the wall a membership of another organisation is
-- hidden, so a policy could not otherwise tell "another tenant's account" from "an account with none".
DO $$
BEGIN
  CREATE ROLE app_account_wall NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT app_account_wall TO current_user;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_account_wall;--> statement-breakpoint
GRANT SELECT (user_id, organisation_id) ON memberships TO app_account_wall;--> statement-breakpoint
GRANT SELECT (id, type) ON organisations TO app_account_wall;--> statement-breakpoint
CREATE FUNCTION account_org(account uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
  SELECT m.organisation_id FROM memberships m WHERE m.user_id = account
$$;--> statement-breakpoint
ALTER FUNCTION account_org(uuid) OWNER TO app_account_wall;--> statement-breakpoint
REVOKE ALL ON FUNCTION account_org(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION account_org(uuid) TO app_rls;--> statement-breakpoint
-- Reads: the caller's own account, their organisation's, one not yet in any; every one for the platform and audit roles.
CREATE FUNCTION app_may_see_account(account uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT app_setting('app.role') IN ('platform_admin', 'auditor')
    OR account = app_setting('app.user_id')::uuid
    OR coalesce(account_org(account) = app_setting('app.org_id')::uuid, true)
$$;--> statement-breakpoint
-- Whether an account is a company's (for agency staff's reads of company contacts).
CREATE FUNCTION account_of_company(account uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
  SELECT EXISTS (SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = account AND o.type = 'company')
$$;--> statement-breakpoint
ALTER FUNCTION account_of_company(uuid) OWNER TO app_account_wall;--> statement-breakpoint
REVOKE ALL ON FUNCTION account_of_company(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION account_of_company(uuid) TO app_rls;--> statement-breakpoint
-- Writes: the same, but never the audit body's.
CREATE FUNCTION app_may_change_account(account uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT app_setting('app.role') IS DISTINCT FROM 'auditor' AND app_may_see_account(account)
$$;--> statement-breakpoint
-- Every table of the wall: row-level security on, and everything as before for every role but app_rls.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'memberships', 'user_sessions', 'api_tokens', 'user_mfa', 'mfa_recovery_codes', 'account_links', 'product_assignments', 'conflict_declarations'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I USING (current_user <> 'app_rls') WITH CHECK (current_user <> 'app_rls')$p$, t || '_outside_wall', t);
  END LOOP;
END
$$;--> statement-breakpoint
CREATE POLICY memberships_wall ON "memberships" TO app_rls
  USING (app_setting('app.role') IN ('platform_admin', 'auditor') OR organisation_id = app_setting('app.org_id')::uuid)
  WITH CHECK (app_setting('app.role') = 'platform_admin' OR (app_setting('app.role') <> 'auditor' AND organisation_id = app_setting('app.org_id')::uuid));--> statement-breakpoint
CREATE POLICY memberships_company_contacts ON "memberships" FOR SELECT TO app_rls
  USING (app_setting('app.role') IN ('agency_reviewer', 'agency_approver')
    AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = memberships.organisation_id AND o.type = 'company'));--> statement-breakpoint
CREATE POLICY memberships_account_wall ON "memberships" FOR SELECT TO app_account_wall USING (true);--> statement-breakpoint
CREATE POLICY users_wall ON "users" TO app_rls USING (app_may_see_account(id)) WITH CHECK (app_may_change_account(id));--> statement-breakpoint
CREATE POLICY users_company_contacts ON "users" FOR SELECT TO app_rls
  USING (app_setting('app.role') IN ('agency_reviewer', 'agency_approver') AND account_of_company(id));--> statement-breakpoint
-- The tables keyed by the account they belong to.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['user_sessions', 'api_tokens', 'user_mfa', 'mfa_recovery_codes', 'account_links', 'product_assignments', 'conflict_declarations'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I TO app_rls USING (app_may_see_account(user_id)) WITH CHECK (app_may_change_account(user_id))', t || '_wall', t);
  END LOOP;
END
$$;--> statement-breakpoint
-- app_rls held nothing on the second factors, link secrets and throttle counters (0009): it ran disclosure
-- work only. Administration behind the wall reads whether a user has a second factor (and recovery codes left) and how many sign-ins
-- failed, and issues and stops invitation and reset links: those columns, never a TOTP secret, a recovery
-- code's or a link's digest (a link is inserted with its digest, which is never read back here). Platform-only
-- commands that remove second factors or clear throttles run outside the wall, as before.
GRANT SELECT (user_id, confirmed_at, created_at) ON user_mfa TO app_rls;--> statement-breakpoint
GRANT SELECT (id, user_id, used_at, created_at) ON mfa_recovery_codes TO app_rls;--> statement-breakpoint
GRANT SELECT (key, failures, last_failure_at, blocked_until) ON auth_throttles TO app_rls;--> statement-breakpoint
GRANT SELECT (id, user_id, purpose, expires_at, used_at, created_by, created_at), INSERT, UPDATE (expires_at) ON account_links TO app_rls;
