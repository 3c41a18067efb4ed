-- Anomaly flags already mailed to the auditors, one row per flag (lib/services/alert-anomalies.ts), so a
-- flag is alerted once however many servers look for new ones.
CREATE TABLE "anomaly_alerts" (
	"flag_key" text PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"alerted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "anomaly_alerts_alerted_idx" ON "anomaly_alerts" USING btree ("alerted_at");