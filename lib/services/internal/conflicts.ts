import { sql } from "drizzle-orm";
import { conflictDeclarations } from "@/db/schema";

/** How a conflict declaration stands today, a day in Japan (migration 0033). */
export type ConflictStanding = "open" | "ended" | "cancelled";

const { validFrom, validUntil } = conflictDeclarations;

/**
 * `cancelled`: ended before it began, its end the day before its start (migration 0045), so that no day
 * lies within it and every reader of the table (`activeConflict`, the row-level walls, the SQL functions:
 * `valid_from <= day <= valid_until`) holds it in force on none; `ended`: in force up to a day before
 * today; `open`: in force today or still to begin, and an admin may still end it.
 */
export const conflictStanding = sql<ConflictStanding>`case
  when ${validUntil} < ${validFrom} then 'cancelled'
  when ${validUntil} < tokyo_today() then 'ended'
  else 'open' end`;

/**
 * The end a declaration gets when an admin ends it today: yesterday, so that it no longer applies today;
 * one that begins today or later is cancelled instead (its end the day before its start), so that it
 * never applies.
 */
export const endedAsOfToday = sql<string>`case when ${validFrom} >= tokyo_today() then ${validFrom} - 1 else tokyo_today() - 1 end`;
