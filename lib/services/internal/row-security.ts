import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { compileQuery } from "@/db/compiled-query";
import type { Actor } from "../context";

/**
 * The second wall: the rest of the transaction runs as app_rls with the caller in the session, so
 * PostgreSQL's row-level security filters what the queries reach whatever they ask for — disclosure data
 * (migration 0006), advisories (0036), accounts (0048).
 * `breakGlassDisclosure` opens that one disclosure to an approver for this transaction only.
 */
export async function enterRowSecurity(tx: Tx, actor: Actor, breakGlassDisclosure?: string): Promise<void> {
  await enterRowSecurityQuery.run(tx, { userId: actor.userId, orgId: actor.orgId, role: actor.role, breakGlass: breakGlassDisclosure ?? "" });
}

// One round trip, prepared (it opens every disclosure request): set_config('role', …, true) is SET LOCAL ROLE.
// The transaction's statements are prepared and keyed by id; their generic plans are as good as custom
// ones, and PostgreSQL would otherwise keep planning the row-security-laden statements at every call.
const enterRowSecurityQuery = compileQuery("enter_row_security", (db) =>
  db
    .select({
      entered: sql`set_config('role', 'app_rls', true), set_config('app.user_id', ${sql.placeholder("userId")}, true),
        set_config('app.org_id', ${sql.placeholder("orgId")}, true), set_config('app.role', ${sql.placeholder("role")}, true),
        set_config('app.break_glass_disclosure', ${sql.placeholder("breakGlass")}, true),
        set_config('plan_cache_mode', 'force_generic_plan', true)`,
    })
    .from(sql`(select 1) as request`),
);

/**
 * `enterRowSecurity`, then `first` — the transaction's next statement — sent together in one write
 * instead of two round trips. PostgreSQL runs a connection's statements in the order they were sent
 * (postgres.js and PGlite both keep the order of calls), so `first` already runs behind the wall; if
 * entering fails, the transaction is aborted and `first` fails with it: it never runs outside the wall.
 * `first` must start its statement at once (before any await of its own).
 */
export async function withRowSecurity<T>(tx: Tx, actor: Actor, first: () => Promise<T>, breakGlassDisclosure?: string): Promise<T> {
  const [, result] = await Promise.all([enterRowSecurity(tx, actor, breakGlassDisclosure), first()]);
  return result;
}
