-- The conflict-of-interest rule of an advisory decision (SPEC §4.3: no one approves, returns or withdraws
-- an advisory naming a company they declared a conflict with) was written twice: here, as the boolean
-- advisory_decision_conflicted (0038) the guards of 0038, 0040 and 0044 ask, and in the services, as a
-- TypeScript copy that also needed the companies' names for its refusal. Two copies could drift apart: the
-- service would then refuse what the guard lets through, or leave to the guard a refusal it should explain.
-- Now the rule is written once, as the companies it finds: advisory_conflicted_companies returns the
-- companies the decision on the revision concerns by name — those the revision names, those any published
-- revision of the advisory named, and, for the first revision of an advisory that supersedes another, those
-- the superseded one's published revisions named — with which the official has a conflict in force today
-- (Tokyo days, 0033). advisory_decision_conflicted asks whether there is one, with the same signature, so
-- the guards are unchanged; requireIndependentApprover (lib/services/internal/advisory-four-eyes.ts) asks
-- for them and names them. The service still locks the superseded advisory, in a statement of its own,
-- before it asks: a stable function takes no row lock, and only a statement begun after the lock sees a
-- revision of that advisory approved meanwhile.
-- Like the function it builds on, it runs as its caller (no SECURITY DEFINER): behind the wall the official
-- reads their own declarations and their agency's revisions, as the guards do.
CREATE FUNCTION advisory_conflicted_companies(advisory uuid, revision integer, official uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT c.company_id FROM conflict_declarations c
  WHERE c.user_id = official AND c.valid_from <= tokyo_today() AND (c.valid_until IS NULL OR c.valid_until >= tokyo_today())
    AND c.company_id::text IN (
      SELECT jsonb_array_elements_text(r.targets->'organisations') FROM advisory_revisions r
      WHERE (r.advisory_id = advisory AND (r.number = revision OR r.state = 'published'))
         OR (revision = 1 AND r.state = 'published' AND r.advisory_id = (SELECT a.supersedes_id FROM advisories a WHERE a.id = advisory)))
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION advisory_conflicted_companies(uuid, integer, uuid) TO app_rls;--> statement-breakpoint
CREATE OR REPLACE FUNCTION advisory_decision_conflicted(advisory uuid, revision integer, official uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM advisory_conflicted_companies(advisory, revision, official))
$$;
