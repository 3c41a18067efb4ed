-- A session that a request brings past its idle or absolute limit is closed then, once, with its reason
-- (idle, expired) and an auth.session_ended event (lib/services/resolve-session.ts).
ALTER TABLE "user_sessions" DROP CONSTRAINT "user_sessions_revoked_reason_check";--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_revoked_reason_check" CHECK ("user_sessions"."revoked_reason" is null or "user_sessions"."revoked_reason" in ('sign_out', 'user', 'admin', 'password_change', 'role_change', 'disabled', 'idle', 'expired'));
