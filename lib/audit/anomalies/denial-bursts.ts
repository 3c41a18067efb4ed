import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { DENIAL_ACTIONS } from "./actions";
import { selectBursts } from "./bursts";
import { eventsLink, subjectOf, type AnomalyRuleFn } from "./shared";

/**
 * (d) Bursts of denials: at least ANOMALY_DENIALS refusals (access.denied, auth.token_rejected) by one
 * actor, or from one client address when anonymous, within ANOMALY_DENIAL_MINUTES. Anonymous refusals
 * without a client address cannot be told apart and are left out.
 */
export const denialBursts: AnomalyRuleFn = async (input) => {
  const { denials, denialMinutes } = input.config;
  const key = sql`coalesce('user:' || ${auditEvents.actorUserId}::text, 'ip:' || ${auditEvents.clientIp})`;
  const rows = await selectBursts(input, { actions: DENIAL_ACTIONS, key, threshold: denials, minutes: denialMinutes });
  return rows.map((row) => {
    const byUser = row.key.startsWith("user:");
    return {
      rule: "denial_burst",
      severity: "high",
      actorUserId: byUser ? row.actorUserId : null,
      actorEmail: byUser ? row.actorEmail : null,
      orgId: byUser ? row.orgId : null,
      clientIp: byUser ? null : row.key.slice("ip:".length),
      attemptedEmail: null,
      action: row.action,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      count: row.count,
      summary: `${row.count} refusals for ${subjectOf(byUser ? row : { ...row, actorEmail: null, actorUserId: null })} within ${denialMinutes} minutes.`,
      // An anonymous burst links to the refusals from its address; either links to the kinds of refusal it counted.
      eventsLink: eventsLink({
        actor: byUser ? row.actorUserId : null,
        clientIp: byUser ? null : row.key.slice("ip:".length),
        action: row.actions,
        outcome: "denied",
        from: row.windowStart,
        to: row.windowEnd,
      }),
    };
  });
};
