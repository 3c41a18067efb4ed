import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { ADMINISTRATIVE_ACTIONS } from "./actions";
import { officeHoursBreach, outsideOfficeHoursSql } from "./office-hours";
import { selectFlaggedEvents, singleEventFlag, targetText } from "./per-event";
import { subjectOf, textList, type AnomalyRuleFn } from "./shared";

const pad = (hour: number) => String(hour).padStart(2, "0");

/**
 * (f) Administrative changes outside office hours: every allowed administrative action made by a
 * signed-in person on a weekend, or on a weekday outside ANOMALY_OFFICE_HOURS, Asia/Tokyo time. Not
 * administrative: what a password-reset link does (sessions ended, tokens revoked, the sign-in lock
 * lifted), which has no actor — the account's owner taking it back — and what people do to their own
 * account (signing out one of their sessions, removing their own authenticator). The database selects
 * the events; the same test in JavaScript only says which of the two it was.
 */
export const adminOutOfHours: AnomalyRuleFn = async (input) => {
  const { officeHours } = input.config;
  const e = auditEvents;
  const rows = await selectFlaggedEvents(
    input,
    sql`${e.action} in ${textList(ADMINISTRATIVE_ACTIONS)} and ${e.outcome} = 'allowed' and ${e.actorUserId} is not null
      and not (${e.targetType} is not distinct from 'user' and ${e.targetId} is not distinct from ${e.actorUserId}::text)
      and ${outsideOfficeHoursSql(officeHours)}`,
  );
  const hours = `${pad(officeHours.start)}:00–${pad(officeHours.end)}:00`;
  return rows.map((row) => {
    const when = officeHoursBreach(new Date(row.occurredAt), officeHours) === "weekend" ? "on a weekend" : `outside office hours (${hours})`;
    return singleEventFlag(row, {
      rule: "admin_out_of_hours",
      severity: "medium",
      summary: `${row.action}${targetText(row)} by ${subjectOf(row)} ${when}, Tokyo time.`,
    });
  });
};
