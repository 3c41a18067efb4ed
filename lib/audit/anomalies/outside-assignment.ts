import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { BREAK_GLASS_DETAIL, OUTSIDE_ASSIGNMENT } from "./actions";
import { breakGlassMarked } from "./break-glass";
import { selectFlaggedEvents, singleEventFlag, targetText } from "./per-event";
import { subjectOf, textList, type AnomalyRuleFn } from "./shared";

/**
 * (b) Access outside assignment: every refusal because the target lay outside the actor's assignment, behind
 * a conflict of interest the actor declared, or in another company (a company's user trying a competitor's
 * data); every refusal of what the actor's role may not do to another organisation's data (a platform admin
 * or an auditor trying a company's disclosure; not a company's user refused within their own company); and
 * every break-glass access (allowed outside assignment, with a justification), one flag each.
 */
export const outsideAssignment: AnomalyRuleFn = async (input) => {
  const e = auditEvents;
  const reason = sql`${e.details} ->> 'reason'`;
  const elsewhere = sql`(${reason} in ${textList(OUTSIDE_ASSIGNMENT.acrossOrganisations)} and ${e.targetOrgId} is not null and ${e.actorOrgId} is distinct from ${e.targetOrgId})`;
  const refused = sql`(${e.action} = ${OUTSIDE_ASSIGNMENT.action} and (${reason} in ${textList(OUTSIDE_ASSIGNMENT.reasons)} or ${elsewhere}))`;
  const rows = await selectFlaggedEvents(input, sql`(${refused} or ${breakGlassMarked()})`);
  return rows.map((row) => {
    const breakGlass = row.details[BREAK_GLASS_DETAIL] === true;
    return singleEventFlag(row, {
      rule: "outside_assignment",
      severity: breakGlass ? "high" : "medium",
      summary: breakGlass
        ? `${subjectOf(row)} used break-glass access outside assignment: ${row.action}${targetText(row)}.`
        : row.details.reason === "conflict_of_interest"
          ? `${subjectOf(row)} was refused, having declared a conflict of interest${targetText(row)}.`
          : row.details.reason === "other_tenant"
            ? `${subjectOf(row)} was refused another company's data${targetText(row)}.`
            : row.details.reason === "outside_assignment"
              ? `${subjectOf(row)} was refused outside assignment${targetText(row)}.`
              : `${subjectOf(row)} was refused another organisation's data, which their role may not reach${targetText(row)}.`,
    });
  });
};
