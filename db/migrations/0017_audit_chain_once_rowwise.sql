-- The append-only trigger of 0002, same rule, a fifth of the cost: the sequencer's one UPDATE of an event
-- (seq, chain_version and hash from NULL to values, nothing else changed) was checked by turning the old
-- and the new row into jsonb and comparing them, ~40 µs of the database's CPU per event chained — about
-- as much as the rest of the UPDATE (BENCHMARKS.md, "Disclosures"). The new row, with its chain columns
-- set back to NULL, is now compared with the old one column by column, still every column the row has.
CREATE OR REPLACE FUNCTION audit_events_chain_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unchained record;
BEGIN
  IF OLD.seq IS NULL AND NEW.seq IS NOT NULL THEN
    unchained := NEW;
    unchained.seq := NULL;
    unchained.chain_version := NULL;
    unchained.hash := NULL;
    IF unchained IS NOT DISTINCT FROM OLD THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit log is append-only: UPDATE on audit_events refused (event %)', OLD.id
    USING ERRCODE = 'insufficient_privilege';
END
$$;
