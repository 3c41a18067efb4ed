-- A queued message can outlive the reason it was written: its recipient's account disabled, or the
-- advisory it announces withdrawn, before the worker reached it. The worker now looks again just before
-- sending and, if so, does not send it: state `cancelled`, with the reason (`recipient_disabled`,
-- `advisory_withdrawn`) in last_error. A security notice is sent whatever became of the account.
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_state_check";--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_state_check" CHECK ("email_outbox"."state" in ('pending', 'sent', 'failed', 'cancelled'));
