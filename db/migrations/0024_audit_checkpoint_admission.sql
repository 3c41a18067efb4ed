-- The application's role may INSERT into audit_checkpoints (it seals them), so it could add a row that seals
-- nothing: a junk checkpoint at sequence 10^12 stopped every verification at its bad signature and, as the
-- "newest", every later seal (README, "The audit log"). A checkpoint is now admitted only where the chain
-- holds an event at its sequence number with the hash it seals, and only after every checkpoint that seals
-- the chain. Checkpoints that seal nothing, from before this migration, are passed over rather than counted
-- as newest: counting them would stop sealing for good. The signature cannot be checked here; verification
-- and the sealer rely only on checkpoints whose signature verifies. search_path is fixed so that a session's
-- own temporary audit_events cannot stand in for the log.
CREATE FUNCTION audit_checkpoint_admit() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  newest bigint;
BEGIN
  -- Sealers take turns under the lock createCheckpoint holds (lib/audit/checkpoint.ts): two rows checked at
  -- once could otherwise each be newer than everything the other saw.
  PERFORM pg_advisory_xact_lock(hashtext('kakehashi.audit-checkpoint'));
  IF NOT EXISTS (SELECT 1 FROM public.audit_events e WHERE e.seq = NEW.seq AND e.hash = NEW.head_hash) THEN
    RAISE EXCEPTION 'audit checkpoint refused: the chain has no event % with hash %', NEW.seq, NEW.head_hash
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT c.seq INTO newest FROM public.audit_checkpoints c
    WHERE EXISTS (SELECT 1 FROM public.audit_events e WHERE e.seq = c.seq AND e.hash = c.head_hash)
    ORDER BY c.seq DESC LIMIT 1;
  IF newest IS NOT NULL AND NEW.seq <= newest THEN
    RAISE EXCEPTION 'audit checkpoint refused: sequence % is not after the newest checkpoint, at sequence %', NEW.seq, newest
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_admit BEFORE INSERT ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_admit();
--> statement-breakpoint
-- Details are a JSON object (emit writes one, `{}` at least). A stored `null` was encoded like `{}` by the
-- sequencer and verification on PGlite, and as `null` by verification's COPY reader on PostgreSQL: the two
-- verifiers disagreed over the same event. A constraint on the partitioned table holds on every partition,
-- those made later by audit_ensure_partitions included; adding it checks the rows already there.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_details_object_check" CHECK (jsonb_typeof("details") = 'object');
