-- Which companies an advisory's targets reach was worked out in TypeScript only (computeReach, in
-- lib/services/internal/advisories.ts), and the database took the approving service's word for it: since 0043
-- a delivery is written only in the transaction that publishes its revision, by its approver, but to any
-- company. A direct insert in that transaction could send a limited-disclosure advisory to a company its
-- targets do not reach, and a later revision could be carried to a company it no longer reaches
-- (requireRevisionReachesDelivered was the service's check alone). Now the rule is written once, here:
--   advisory_reach(targets) — the companies the targets reach: those named; when only products are given,
--   those dealing in one of them (their profile's products); when supplier countries are given, those whose
--   latest submitted disclosure, not withdrawn, sources from one of them (for one of the products, when
--   given: advisory_exposed_companies, 0007); those whose profile states one of the sectors.
-- The services ask it (computeReach: the reach preview, the check at sending, the approval, which delivers
-- to exactly what it answers), and behind the wall (app.role set: the owner's own writes, migrations and
-- the demo's seed are not checked, as with 0036's and 0038's guards) a statement trigger refuses any
-- delivery inserted, or moved on to a later revision, for a company outside the reach of the revision it
-- then carries. The trigger works per statement, over the rows it wrote: the reach is worked out once per
-- advisory and revision the statement touches (an approval: once), not once per company, and a read
-- receipt or an acknowledgement (which moves no revision) asks nothing.
-- advisory_reach runs as app_advisory_reach (0007's NOLOGIN role, which reads the disclosures for
-- advisory_exposed_companies), so that its answer does not depend on what the caller's row-level security
-- shows; it answers company ids only, and only for targets it is given.
GRANT SELECT ON organisations, organisation_products, company_profiles TO app_advisory_reach;--> statement-breakpoint
-- The texts of a JSON array (none for anything else): one list of the targets.
CREATE FUNCTION jsonb_text_items(value jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(value) = 'array' THEN value ELSE '[]' END))
$$;--> statement-breakpoint
CREATE FUNCTION advisory_reach(targets jsonb) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  t_named constant text[] := jsonb_text_items(targets->'organisations');
  t_products constant text[] := jsonb_text_items(targets->'products');
  t_countries constant text[] := jsonb_text_items(targets->'countries');
  t_sectors constant text[] := jsonb_text_items(targets->'sectors');
BEGIN
  RETURN QUERY
  SELECT o.id FROM organisations o
  WHERE o.type = 'company' AND (
    o.id::text = ANY (t_named)
    OR (cardinality(t_products) > 0 AND cardinality(t_countries) = 0
        AND EXISTS (SELECT 1 FROM organisation_products op WHERE op.organisation_id = o.id AND op.product_code = ANY (t_products)))
    OR (cardinality(t_countries) > 0
        AND o.id IN (SELECT e.organisation_id FROM advisory_exposed_companies(t_products, t_countries) e))
    OR (cardinality(t_sectors) > 0
        AND EXISTS (SELECT 1 FROM company_profiles cp WHERE cp.organisation_id = o.id AND cp.sector = ANY (t_sectors))));
END
$$;--> statement-breakpoint
ALTER FUNCTION advisory_reach(jsonb) OWNER TO app_advisory_reach;--> statement-breakpoint
REVOKE ALL ON FUNCTION advisory_reach(jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION advisory_reach(jsonb) TO app_rls;--> statement-breakpoint
-- The rows a statement delivered (inserted, or moved on to a later revision), each within the reach of the
-- revision it now carries; the revision is read as the caller reads it (behind the wall, the approver's own
-- agency's), and one the caller cannot read reaches no one.
CREATE FUNCTION advisory_deliveries_within_reach() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved_advisories uuid[];
  moved_revisions integer[];
  moved_companies uuid[];
  stray record;
BEGIN
  IF app_setting('app.role') IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(d.advisory_id), array_agg(d.current_revision), array_agg(d.organisation_id)
      INTO moved_advisories, moved_revisions, moved_companies FROM delivered d;
  ELSE
    SELECT array_agg(d.advisory_id), array_agg(d.current_revision), array_agg(d.organisation_id)
      INTO moved_advisories, moved_revisions, moved_companies
      FROM delivered d JOIN before_change b ON b.id = d.id WHERE d.current_revision IS DISTINCT FROM b.current_revision;
  END IF;
  IF moved_advisories IS NULL THEN
    RETURN NULL;
  END IF;
  WITH moved AS MATERIALIZED (
    SELECT * FROM unnest(moved_advisories, moved_revisions, moved_companies) AS m(advisory_id, revision, company)
  ), reach AS MATERIALIZED (
    SELECT k.advisory_id, k.revision, c.company
    FROM (SELECT DISTINCT m.advisory_id, m.revision FROM moved m) k
    JOIN advisory_revisions r ON r.advisory_id = k.advisory_id AND r.number = k.revision
    CROSS JOIN LATERAL advisory_reach(r.targets) AS c(company)
  )
  -- A set difference (hashed), not an anti-join: the planner cannot tell how many rows an array holds, and
  -- took a nested loop (an approval to 2,500 companies: 6 million comparisons, 0.7 s, against 30 ms).
  SELECT o.advisory_id, o.revision, o.company INTO stray
  FROM (SELECT m.advisory_id, m.revision, m.company FROM moved m
        EXCEPT SELECT x.advisory_id, x.revision, x.company FROM reach x) o
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'advisory_deliveries: a revision is delivered only to a company its targets reach (advisory %, revision %, company %)',
      stray.advisory_id, stray.revision, stray.company USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER advisory_deliveries_within_reach_insert AFTER INSERT ON "advisory_deliveries"
  REFERENCING NEW TABLE AS delivered FOR EACH STATEMENT EXECUTE FUNCTION advisory_deliveries_within_reach();--> statement-breakpoint
CREATE TRIGGER advisory_deliveries_within_reach_update AFTER UPDATE ON "advisory_deliveries"
  REFERENCING OLD TABLE AS before_change NEW TABLE AS delivered FOR EACH STATEMENT EXECUTE FUNCTION advisory_deliveries_within_reach();
