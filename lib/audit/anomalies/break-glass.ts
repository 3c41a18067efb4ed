import { sql, type SQL } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { BREAK_GLASS_DETAIL } from "./actions";
import { selectFlaggedEvents, singleEventFlag, targetText } from "./per-event";
import { subjectOf, type AnomalyRuleFn } from "./shared";

/**
 * Whether an event's details mark break-glass. A literal, not a parameter, so the planner can match a
 * partial index `audit_events_break_glass_idx` (db/schema/audit.ts).
 */
export function breakGlassMarked(): SQL {
  return sql`${auditEvents.details} @> ${sql.raw(`'${JSON.stringify({ [BREAK_GLASS_DETAIL]: true })}'::jsonb`)}`;
}

const PURPOSE_IN_SUMMARY = 200;

/** (c) Break-glass use: every event whose details mark break-glass, one flag each, with its purpose. */
export const breakGlass: AnomalyRuleFn = async (input) => {
  const rows = await selectFlaggedEvents(input, breakGlassMarked());
  return rows.map((row) =>
    singleEventFlag(row, {
      rule: "break_glass",
      severity: "high",
      summary:
        `Break-glass by ${subjectOf(row)}: ${row.action}${targetText(row)}` +
        (row.purpose ? `, purpose "${row.purpose.slice(0, PURPOSE_IN_SUMMARY)}".` : ", with no purpose given."),
    }),
  );
};
