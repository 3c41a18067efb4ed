-- An account a platform admin disabled is enabled again by a platform admin only (setUserDisabled): a
-- company's own admin could lift the operator's suspension. Who disabled it, at which level, is kept beside
-- disabled_at. app_rls holds UPDATE on users as a whole (0006), so the new column needs no grant of its own.
ALTER TABLE "users" ADD COLUMN "disabled_by_platform" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A conflict declaration an admin ends before it has begun (from today or a later day) is cancelled: its end
-- becomes the day before its start, a period with no day in it, which every reader of the table (activeConflict,
-- the row-level walls, the insight and advisory functions: valid_from <= day AND valid_until >= day) holds in
-- force on no day. It used to be ended at its start, greatest(yesterday, valid_from), and so still applied on
-- that day, and could be "ended" again and again. The period check allows that one empty period, nothing less.
ALTER TABLE "conflict_declarations" DROP CONSTRAINT "conflict_declarations_period_check";--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_period_check" CHECK ("valid_until" IS NULL OR "valid_until" >= "valid_from" - 1);
