-- An alerted flag was recognised by the exact start of its window. A burst's window starts at its first
-- event within the alert pass's 24-hour look-back, so once that look-back moved past the burst's start the
-- same burst came back with a new start, and every auditor was mailed again at every pass (every 10
-- minutes, for as long as the burst lasted plus a day). An alert now keeps whom it is about (`subject`:
-- rule, actor, address, attempted email) and the window it covered; a flag overlapping an alerted window of
-- the same subject is the same flag, and extends it. Rows from before this migration have neither, and
-- stop no later alert: at most one more mail for a flag alerted before it.
ALTER TABLE "anomaly_alerts" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "anomaly_alerts" ADD COLUMN "window_end" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "anomaly_alerts_subject_idx" ON "anomaly_alerts" USING btree ("subject", "window_end");
