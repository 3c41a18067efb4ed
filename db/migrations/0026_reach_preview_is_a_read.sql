-- A reach preview or deliveries list that names a company because of the supplier countries in its
-- disclosures (advisory.reach_preview) is a read of confidential content from now on: it is counted among
-- the reads of the access report and by the unusual-volume anomaly rule (lib/audit/anomalies/actions.ts).
-- What counts as a read is passed to the rollup pass, so the days already rolled up are counted again with
-- the new list: the rollup is emptied and its watermark reset, and the audit loop rebuilds it from the chain.
DELETE FROM audit_access_daily;--> statement-breakpoint
UPDATE audit_access_rollup SET through_seq = 0;
