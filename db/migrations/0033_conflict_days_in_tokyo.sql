-- A conflict-of-interest declaration runs from one day to another, days in Japan (the admin page and the
-- forms say so and fill in today's date in Tokyo), but the walls, the insight functions and the services
-- compared them with current_date, the day in the session's time zone: UTC on PGlite and on a stock
-- PostgreSQL. A recusal declared "from today" at 08:30 in Tokyo was not in force until 09:00, and one that
-- ended "today" held until 08:59 the next morning. Every such test now asks tokyo_today().
CREATE FUNCTION tokyo_today() RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (now() AT TIME ZONE 'Asia/Tokyo')::date
$$;--> statement-breakpoint
-- The policies and functions are rewritten as they stand, current_date replaced (not restated: the walls
-- were written by 0016/0029/0031, the functions by 0023/0030); none may be left using it.
DO $migration$
DECLARE
  pol record;
  fn record;
BEGIN
  FOR pol IN SELECT tablename, policyname, qual, with_check FROM pg_policies
           WHERE schemaname = 'public' AND (qual ~* 'current_date' OR with_check ~* 'current_date')
  LOOP
    IF pol.qual ~* 'current_date' THEN
      EXECUTE format('ALTER POLICY %I ON %I USING (%s)', pol.policyname, pol.tablename, regexp_replace(pol.qual, 'current_date', 'tokyo_today()', 'gi'));
    END IF;
    IF pol.with_check ~* 'current_date' THEN
      EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', pol.policyname, pol.tablename, regexp_replace(pol.with_check, 'current_date', 'tokyo_today()', 'gi'));
    END IF;
  END LOOP;
  FOR fn IN SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.prokind = 'f' AND p.prosrc ~* 'current_date'
  LOOP
    EXECUTE regexp_replace(pg_get_functiondef(fn.oid), 'current_date', 'tokyo_today()', 'gi');
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND (qual ~* 'current_date' OR with_check ~* 'current_date'))
     OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prosrc ~* 'current_date') THEN
    RAISE EXCEPTION 'a policy or function still asks current_date';
  END IF;
END
$migration$;
--> statement-breakpoint
ALTER TABLE "conflict_declarations" ALTER COLUMN "valid_from" SET DEFAULT tokyo_today();
