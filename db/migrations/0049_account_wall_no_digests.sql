-- Behind the account wall (0048) no one reads a password digest or an API token's digest: administration asks
-- only whether an account has a password (an invitation not yet followed has none) and lists tokens by name,
-- prefix and dates. app_rls's SELECT on users and api_tokens becomes a grant of the other columns; whether a
-- password is set is a generated column. Sign-in, token checks and the password's own changes run outside the
-- wall, as the application's role, and read the digests as before. Officials reading a company's contacts
-- (0048) read names and addresses, never a digest.
ALTER TABLE "users" ADD COLUMN "has_password" boolean GENERATED ALWAYS AS ("password_hash" IS NOT NULL) STORED;--> statement-breakpoint
REVOKE SELECT ON "users", "api_tokens" FROM app_rls;--> statement-breakpoint
GRANT SELECT (id, email, display_name, disabled_at, disabled_by_platform, created_at, has_password) ON "users" TO app_rls;--> statement-breakpoint
GRANT SELECT (id, user_id, name, prefix, created_at, expires_at, revoked_at, last_used_at, expiry_reminded_at) ON "api_tokens" TO app_rls;
