-- The auditors' access report over every company scanned each range's events: ~3 s at ten million events a
-- year, linear in the events of the range. Its counts are now kept per Tokyo day, company, official, the
-- official's organisation and role, rolled up from the chained log in sequence order by a background pass;
-- the report reads whole days from here and scans only the range's partial days and the events not yet
-- rolled up (lib/services/get-access-report.ts). The rollup is written only by audit_access_rollup_pass,
-- which runs as the owner and derives every row from the chained log: the application may read these tables
-- and call the pass, not write them (db/production-roles.sql).
CREATE TABLE "audit_access_daily" (
	"day" date NOT NULL,
	"company_id" uuid NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"actor_org_id" uuid NOT NULL,
	"actor_role" text NOT NULL,
	"reads" integer NOT NULL,
	"reviews" integer NOT NULL,
	"denials" integer NOT NULL,
	"break_glass" integer NOT NULL,
	"total" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_access_daily_pkey" PRIMARY KEY ("day", "company_id", "actor_user_id", "actor_org_id", "actor_role")
);--> statement-breakpoint
CREATE INDEX "audit_access_daily_company_idx" ON "audit_access_daily" USING btree ("company_id", "day");--> statement-breakpoint
-- How far the rollup has read the chain: every event up to this sequence number is counted, none after it.
CREATE TABLE "audit_access_rollup" (
	"id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
	"through_seq" bigint NOT NULL DEFAULT 0
);--> statement-breakpoint
INSERT INTO "audit_access_rollup" DEFAULT VALUES;--> statement-breakpoint
-- Default privileges (0006) would let app_rls, and so the application, write them too: it may only read them.
REVOKE ALL ON "audit_access_daily", "audit_access_rollup" FROM PUBLIC, app_rls;--> statement-breakpoint
GRANT SELECT ON "audit_access_daily", "audit_access_rollup" TO app_rls;--> statement-breakpoint
-- One pass: the next `batch` chained events after the watermark, counted into their days, and the watermark
-- moved, in one transaction (the row lock keeps concurrent passes in turn), so each event is counted once.
-- What counts as a read, a review or a government role comes from the application's constants, the same the
-- report's scan of the rest uses (lib/audit/access-rollup.ts); changing them means rebuilding the rollup.
CREATE FUNCTION audit_access_rollup_pass(batch integer, read_actions text[], review_action text, government_roles text[], break_glass jsonb)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  start_seq bigint;
  end_seq bigint;
BEGIN
  SELECT r.through_seq INTO start_seq FROM audit_access_rollup r FOR UPDATE;
  SELECT max(e.seq) INTO end_seq FROM audit_events e WHERE e.seq > start_seq AND e.seq <= start_seq + batch;
  IF end_seq IS NULL THEN
    RETURN 0;
  END IF;
  INSERT INTO audit_access_daily AS d (day, company_id, actor_user_id, actor_org_id, actor_role, reads, reviews, denials, break_glass, total, first_at, last_at)
  SELECT (e.occurred_at AT TIME ZONE 'Asia/Tokyo')::date, e.target_org_id, e.actor_user_id, e.actor_org_id, e.actor_role,
    count(*) FILTER (WHERE e.action = ANY (read_actions)),
    count(*) FILTER (WHERE e.action = review_action),
    count(*) FILTER (WHERE e.outcome = 'denied'),
    count(*) FILTER (WHERE e.details @> break_glass),
    count(*), min(e.occurred_at), max(e.occurred_at)
  FROM audit_events e
  WHERE e.seq > start_seq AND e.seq <= end_seq AND e.actor_role = ANY (government_roles)
    AND e.target_org_id IS NOT NULL AND e.actor_user_id IS NOT NULL AND e.actor_org_id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (day, company_id, actor_user_id, actor_org_id, actor_role) DO UPDATE SET
    reads = d.reads + excluded.reads, reviews = d.reviews + excluded.reviews, denials = d.denials + excluded.denials,
    break_glass = d.break_glass + excluded.break_glass, total = d.total + excluded.total,
    first_at = least(d.first_at, excluded.first_at), last_at = greatest(d.last_at, excluded.last_at);
  UPDATE audit_access_rollup SET through_seq = end_seq;
  RETURN (end_seq - start_seq)::integer;
END
$$;
