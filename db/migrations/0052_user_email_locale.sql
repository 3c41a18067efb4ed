-- Each user's emails in the language they chose (the account page's "Email language"): 'en' or 'ja', or
-- null for both, Japanese then English, as every email was written before. Emails are composed when they
-- are queued, from the recipient's row, so a choice applies to what is queued after it is made.
-- The owner's own change runs outside the account wall (0048), as their password's and second factor's do,
-- on their own row only (the session's user, never an id from the request): behind the wall an auditor
-- changes no account, their own included. app_rls's SELECT on users is a grant of columns (0049): the
-- column is added to it, for whoever queues a user's email behind the wall (an approval mails each
-- company's officers and admins and reads their choice as it reads their address) and for the owner's own
-- data export.
ALTER TABLE "users" ADD COLUMN "email_locale" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_locale_check" CHECK ("email_locale" IS NULL OR "email_locale" IN ('en', 'ja'));--> statement-breakpoint
GRANT SELECT ("email_locale") ON "users" TO app_rls;
