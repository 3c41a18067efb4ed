import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";

/** How many months ahead of the current one the audit log keeps partitions ready. */
export const PARTITION_MONTHS_AHEAD = 3;

/**
 * Creates the audit log's monthly partitions (migration 0005) from `from`'s month through `monthsAhead`
 * months after it that do not exist yet; returns how many it created. Creating a partition briefly locks
 * the table, so it gives up after two seconds rather than queue requests behind it: the next call retries
 * (months are made well ahead, so a missed call costs nothing).
 */
export async function ensureAuditPartitions(db: Executor, from: Date = new Date(), monthsAhead = PARTITION_MONTHS_AHEAD): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '2s'`);
    const [row] = rowsOf<{ created: number | string }>(
      await tx.execute(sql`select audit_ensure_partitions(${from.toISOString()}::timestamptz,
        ${from.toISOString()}::timestamptz + make_interval(months => ${monthsAhead})) as created`),
    );
    return Number(row?.created ?? 0);
  });
}

/** The audit log's partitions with their bounds, oldest first. */
export async function listAuditPartitions(db: Executor): Promise<{ name: string; bounds: string }[]> {
  return rowsOf<{ name: string; bounds: string }>(
    await db.execute(sql`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bounds
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'audit_events'::regclass order by c.relname`),
  );
}
