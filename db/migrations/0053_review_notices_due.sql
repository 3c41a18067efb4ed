-- Reviewers are told of a submission that reaches their review queue (lib/services/notify-reviewers.ts).
-- Each new version of a disclosure is queued here by a trigger, in the submission's own transaction (so a
-- submission is never missed, and the company's session, which may not read officials' accounts, decides
-- nothing about who is told); a background pass outside the walls takes the queued versions off and mails the
-- reviewers whose scope lets them open the disclosure, in one transaction with the emails.
CREATE TABLE "review_notices_due" (
	"disclosure_id" uuid NOT NULL REFERENCES "disclosures"("id"),
	"version_number" integer NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_notices_due_pkey" PRIMARY KEY ("disclosure_id", "version_number")
);--> statement-breakpoint
CREATE INDEX "review_notices_due_queued_idx" ON "review_notices_due" USING btree ("queued_at");--> statement-breakpoint
-- Behind the walls (app_rls) nobody reads or writes it: the trigger writes as the schema's owner.
REVOKE ALL ON "review_notices_due" FROM PUBLIC, app_rls;--> statement-breakpoint
CREATE FUNCTION review_notice_queue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  INSERT INTO review_notices_due (disclosure_id, version_number) VALUES (NEW.disclosure_id, NEW.number)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION review_notice_queue() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER "disclosure_versions_review_notice" AFTER INSERT ON "disclosure_versions"
FOR EACH ROW EXECUTE FUNCTION review_notice_queue();
