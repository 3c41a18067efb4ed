-- A withdrawn advisory cannot be acknowledged: acknowledgeAdvisory refused it (409, "nothing to
-- acknowledge"), but behind the wall the delivery's guard (advisory_delivery_guard, 0036) let a company's
-- user record an acknowledgement of it (and so, through 0039's policy, a kept acknowledgement), and an
-- agency reading the acknowledgement progress of what it withdrew would count one. Now the guard refuses it
-- too, whoever writes, asking the wall's own function (advisory_withdrawn, 0036), which a company's user may
-- call whatever its read policy lets it see.
--
-- The trigger function is changed in place (as 0033, 0037 and 0040 did): the last rule is extended word for
-- word in its definition, and the migration stops if it is not found.
DO $migration$
DECLARE
  old_rule constant text := '    refusal := ''only a user of the company reads and acknowledges what it was sent'';
  END IF;';
  def text;
BEGIN
  def := pg_get_functiondef('advisory_delivery_guard()'::regprocedure);
  IF position(old_rule IN def) = 0 THEN
    RAISE EXCEPTION 'advisory_delivery_guard: the last rule was not found';
  END IF;
  EXECUTE replace(def, old_rule, '    refusal := ''only a user of the company reads and acknowledges what it was sent'';
  ELSIF acknowledged AND advisory_withdrawn(NEW.advisory_id::text) THEN
    refusal := ''a withdrawn advisory is not acknowledged: there is nothing to acknowledge'';
  END IF;');
END
$migration$;
