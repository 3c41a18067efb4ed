import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { OPERATOR_REQUEST_PREFIX } from "@/lib/audit/events";
import { ADMINISTRATIVE_ACTIONS } from "./actions";
import { officeHoursBreach, outsideOfficeHoursSql } from "./office-hours";
import { selectFlaggedEvents, singleEventFlag, targetText } from "./per-event";
import { subjectOf, textList, type AnomalyRuleFn } from "./shared";

// What a person does to their own account only: not an administrative change when it is their own.
const OWN_ACCOUNT_CARE = ["session.revoke", "mfa.remove"] as const satisfies readonly (typeof ADMINISTRATIVE_ACTIONS)[number][];

const pad = (hour: number) => String(hour).padStart(2, "0");

/**
 * (f) Administrative changes outside office hours: every allowed administrative action on a weekend, or
 * on a weekday outside ANOMALY_OFFICE_HOURS, Asia/Tokyo time — made by a signed-in person, or by the
 * operator's command line (`npm run token:create` at 03:00 is an administrative change too; its events
 * have no actor and a request id of OPERATOR_REQUEST_PREFIX). Not administrative: what a password-reset
 * link does (sessions ended, tokens revoked, the sign-in lock lifted), which has no actor — the account's
 * owner taking it back — and a person's care of their own account (signing out their own sessions,
 * removing their own authenticator). Any other change someone makes to their own account, such as
 * products assigned to themselves, is flagged like a change to anyone else's. The database selects the
 * events; the same test in JavaScript only says which of the two it was.
 */
export const adminOutOfHours: AnomalyRuleFn = async (input) => {
  const { officeHours } = input.config;
  const e = auditEvents;
  const rows = await selectFlaggedEvents(
    input,
    sql`${e.action} in ${textList(ADMINISTRATIVE_ACTIONS)} and ${e.outcome} = 'allowed'
      and (${e.actorUserId} is not null or starts_with(${e.requestId}, ${OPERATOR_REQUEST_PREFIX}))
      and not (${e.action} in ${textList(OWN_ACCOUNT_CARE)} and ${e.targetType} = 'user' and ${e.targetId} = ${e.actorUserId}::text)
      and ${outsideOfficeHoursSql(officeHours)}`,
  );
  const hours = `${pad(officeHours.start)}:00–${pad(officeHours.end)}:00`;
  return rows.map((row) => {
    const when = officeHoursBreach(new Date(row.occurredAt), officeHours) === "weekend" ? "on a weekend" : `outside office hours (${hours})`;
    return singleEventFlag(row, {
      rule: "admin_out_of_hours",
      severity: "medium",
      summary: `${row.action}${targetText(row)} by ${row.actorUserId ? subjectOf(row) : "the operator command line"} ${when}, Tokyo time.`,
    });
  });
};
