-- Servers keep the API tokens they accepted, per client address (lib/services/internal/token-cache.ts),
-- and must let go of them the moment anything a token's validity depends on changes, whichever server or
-- person changed it. Each such change notifies kakehashi_token_credentials when its transaction commits;
-- every server listens and drops what it keeps. What is watched: a token's revocation, expiry, owner or
-- secret; a user's disabling or removal; any membership (organisation or role); an organisation's type
-- or removal; and a failure counted against a client address for tokens (an address backing off is
-- refused whatever its token). A transaction that changes many rows notifies once.
CREATE FUNCTION notify_token_credentials() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM pg_notify('kakehashi_token_credentials', TG_TABLE_NAME);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER api_tokens_notify_credentials AFTER UPDATE OF revoked_at, expires_at, user_id, secret_hash OR DELETE ON "api_tokens" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER users_notify_credentials AFTER UPDATE OF disabled_at OR DELETE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER memberships_notify_credentials AFTER INSERT OR UPDATE OR DELETE ON "memberships" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER organisations_notify_credentials AFTER UPDATE OF type OR DELETE ON "organisations" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER auth_throttles_notify_credentials AFTER INSERT OR UPDATE ON "auth_throttles" FOR EACH ROW WHEN (NEW.key LIKE 'token\_address:%') EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
-- TRUNCATE of any of them (tests, a reload) too.
CREATE TRIGGER api_tokens_notify_credentials_truncate AFTER TRUNCATE ON "api_tokens" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER users_notify_credentials_truncate AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER memberships_notify_credentials_truncate AFTER TRUNCATE ON "memberships" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER organisations_notify_credentials_truncate AFTER TRUNCATE ON "organisations" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();--> statement-breakpoint
CREATE TRIGGER auth_throttles_notify_credentials_truncate AFTER TRUNCATE ON "auth_throttles" FOR EACH STATEMENT EXECUTE FUNCTION notify_token_credentials();
