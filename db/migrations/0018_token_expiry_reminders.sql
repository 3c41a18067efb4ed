-- Its journal time first came before 0017's, so a database migrated to 0017 never received it (drizzle applies
-- only migrations newer than the last one applied); moved after 0017, it runs again where it had run under
-- the old time, which IF NOT EXISTS makes harmless.
ALTER TABLE "api_tokens" ADD COLUMN IF NOT EXISTS "expiry_reminded_at" timestamp with time zone;