-- The audit log becomes a table partitioned by month of occurred_at (README, "The audit log: scale").
-- Each month's events, and each month's indexes, live in a table of their own: the month being written
-- stays small and hot in memory, searches with a time range touch only their months, and old months can
-- be moved to cheaper storage or detached into an archive without rewriting anything.
-- PostgreSQL 15 allows no identity column on a partitioned table, so ids come from a plain sequence, and
-- keys must include the partition column: the primary key is (id, occurred_at) and seq has a plain index.
-- There is no default partition on purpose: with one, PostgreSQL cannot read the months in order and stop
-- early, so every newest-first search would open every month. audit_ensure_partitions() keeps the coming
-- months ready (the server's audit loop runs it hourly, three months ahead); an event for a month that
-- has no partition is refused, and with it the request it records (fail closed).
ALTER TABLE "audit_events" RENAME TO "audit_events_unpartitioned";--> statement-breakpoint
ALTER INDEX "audit_events_pkey" RENAME TO "audit_events_unpartitioned_pkey";--> statement-breakpoint
ALTER TABLE "audit_events_unpartitioned" ALTER COLUMN "id" DROP IDENTITY;--> statement-breakpoint
CREATE SEQUENCE "audit_events_id_seq" AS bigint;--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint DEFAULT nextval('audit_events_id_seq') NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_org_id" uuid,
	"actor_role" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"target_org_id" uuid,
	"outcome" text NOT NULL,
	"purpose" text,
	"request_id" text,
	"client_ip" text,
	"user_agent" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"seq" bigint,
	"chain_version" smallint,
	"hash" text,
	CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id", "occurred_at"),
	CONSTRAINT "audit_events_outcome_check" CHECK ("audit_events"."outcome" in ('allowed', 'denied', 'error')),
	CONSTRAINT "audit_events_chain_check" CHECK (("audit_events"."seq" is null and "audit_events"."hash" is null and "audit_events"."chain_version" is null) or ("audit_events"."seq" >= 1 and "audit_events"."hash" ~ '^[0-9a-f]{64}$' and "audit_events"."chain_version" is not null))
) PARTITION BY RANGE ("occurred_at");--> statement-breakpoint
ALTER SEQUENCE "audit_events_id_seq" OWNED BY "audit_events"."id";--> statement-breakpoint
-- Creates the monthly partitions (UTC months) from first_month through last_month that do not exist yet,
-- each with the append-only TRUNCATE trigger (row triggers and indexes come from the parent). Returns how
-- many were created.
-- SECURITY DEFINER: the application's role (which owns nothing, README "Production database roles") may
-- call it; the partitions belong to the owner, so that role has no privileges on them when reached directly.
CREATE FUNCTION audit_ensure_partitions(first_month timestamptz, last_month timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  month_start timestamp := date_trunc('month', first_month AT TIME ZONE 'UTC');
  lower_bound timestamptz;
  upper_bound timestamptz;
  partition_name text;
  created integer := 0;
BEGIN
  WHILE month_start <= last_month AT TIME ZONE 'UTC' LOOP
    lower_bound := month_start AT TIME ZONE 'UTC';
    upper_bound := (month_start + interval '1 month') AT TIME ZONE 'UTC';
    partition_name := 'audit_events_' || to_char(month_start, 'YYYY_MM');
    IF to_regclass(partition_name) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', partition_name, lower_bound, upper_bound);
      EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()', partition_name);
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM PUBLIC', partition_name);
      created := created + 1;
    END IF;
    month_start := month_start + interval '1 month';
  END LOOP;
  RETURN created;
END
$$;--> statement-breakpoint
SELECT audit_ensure_partitions(least(now(), (SELECT min(occurred_at) FROM audit_events_unpartitioned)), now() + interval '3 months');--> statement-breakpoint
INSERT INTO "audit_events" ("id", "occurred_at", "actor_user_id", "actor_org_id", "actor_role", "action", "target_type", "target_id", "target_org_id", "outcome", "purpose", "request_id", "client_ip", "user_agent", "details", "tx_id", "seq", "chain_version", "hash")
  SELECT "id", "occurred_at", "actor_user_id", "actor_org_id", "actor_role", "action", "target_type", "target_id", "target_org_id", "outcome", "purpose", "request_id", "client_ip", "user_agent", "details", "tx_id", "seq", "chain_version", "hash"
  FROM "audit_events_unpartitioned" ORDER BY "id";--> statement-breakpoint
SELECT setval('audit_events_id_seq', coalesce((SELECT max(id) FROM "audit_events"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "audit_events_unpartitioned";--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_org_idx" ON "audit_events" USING btree ("actor_org_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_target_org_idx" ON "audit_events" USING btree ("target_org_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_break_glass_idx" ON "audit_events" USING btree ("occurred_at","id") WHERE "audit_events"."details" @> '{"breakGlass": true}';--> statement-breakpoint
CREATE INDEX "audit_events_seq_idx" ON "audit_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_events_unchained_idx" ON "audit_events" USING btree ("id") WHERE "audit_events"."seq" is null;--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_chain_once();--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC;
