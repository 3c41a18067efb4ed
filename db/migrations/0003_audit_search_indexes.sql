DROP INDEX "audit_events_occurred_idx";--> statement-breakpoint
DROP INDEX "audit_events_actor_idx";--> statement-breakpoint
DROP INDEX "audit_events_target_org_idx";--> statement-breakpoint
DROP INDEX "audit_events_action_idx";--> statement-breakpoint
CREATE INDEX "audit_events_actor_org_idx" ON "audit_events" USING btree ("actor_org_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_target_org_idx" ON "audit_events" USING btree ("target_org_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","occurred_at","id");