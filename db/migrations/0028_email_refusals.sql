-- A message fails for good only once the mail server has refused it EMAIL_MAX_ATTEMPTS times. `attempts`
-- counts every claim, the tries while the server was down included, so after a long outage a single
-- refusal failed the message at once. Refusals are now counted apart; a message failed before this
-- migration keeps its state.
ALTER TABLE "email_outbox" ADD COLUMN "refusals" integer DEFAULT 0 NOT NULL;
