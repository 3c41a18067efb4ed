import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { GOVERNMENT_ROLES } from "@/lib/authz/policy";
import { BREAK_GLASS_DETAIL, CONFIDENTIAL_READ_ACTIONS } from "./anomalies/actions";

// The access report's daily counts (migration 0019): what the report counts, in one place for the rollup and
// for the report's scan of what the rollup does not hold yet.

export const REVIEW_ACTION = "disclosure.review";
export const BREAK_GLASS_MARKER = JSON.stringify({ [BREAK_GLASS_DETAIL]: true });
// Chained events one pass reads at most.
const BATCH = 50_000;

/**
 * One pass of the rollup: the next chained events after its watermark, counted into their Tokyo days, the
 * watermark moved with them (one transaction, in the database's own function). Returns how many sequence
 * numbers it covered; 0 when it has caught up with the chain.
 */
export async function rollUpAccesses(db: Executor, batch = BATCH): Promise<number> {
  const [row] = rowsOf<{ covered: number }>(
    await db.execute(sql`select audit_access_rollup_pass(${batch}::integer, ${`{${CONFIDENTIAL_READ_ACTIONS.join(",")}}`}::text[], ${REVIEW_ACTION},
      ${`{${GOVERNMENT_ROLES.join(",")}}`}::text[], ${BREAK_GLASS_MARKER}::jsonb) as covered`),
  );
  return Number(row?.covered ?? 0);
}

/** Passes until the rollup has caught up with the chain; how many sequence numbers they covered. */
export async function rollUpAllAccesses(db: Executor, batch = BATCH): Promise<number> {
  let total = 0;
  for (let covered = await rollUpAccesses(db, batch); covered > 0; covered = await rollUpAccesses(db, batch)) total += covered;
  return total;
}
