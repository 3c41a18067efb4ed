-- A reporting period is of the year 2000 or later, as the shared schema has said since it refused "0000-H1"
-- (whose previous period came out as "-1-H2"): the database says so too, for rows written by any path.
-- NOT VALID: a disclosure filed for an earlier year before this check stays as it was filed (a company's
-- record is never rewritten); every row written or changed from now on is held to it.
ALTER TABLE "disclosures" DROP CONSTRAINT "disclosures_period_check";--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_period_check" CHECK ("reporting_period" ~ '^[2-9][0-9]{3}-H[12]$') NOT VALID;
