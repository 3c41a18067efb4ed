import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { AnomalyFlag } from "@/lib/schemas/anomaly-query";
import { SIGN_IN_FAILURE_ACTION } from "./actions";
import { selectBursts, type BurstRow } from "./bursts";
import { eventsLink, type AnomalyRuleFn } from "./shared";

/**
 * (e) Sign-in failures: at least ANOMALY_SIGNIN_FAILURES failed sign-ins for one email (compared without
 * case), or from one client address, within ANOMALY_SIGNIN_MINUTES. Guessing one account's password and
 * trying many accounts from one place are both found; one burst may raise both flags.
 */
export const signInFailures: AnomalyRuleFn = async (input) => {
  const { signInFailures: threshold, signInMinutes: minutes } = input.config;
  // One after the other: both run in the caller's transaction, on one connection.
  const byEmail = await selectBursts(input, { actions: [SIGN_IN_FAILURE_ACTION], key: sql`lower(${auditEvents.details} ->> 'email')`, threshold, minutes });
  const byAddress = await selectBursts(input, { actions: [SIGN_IN_FAILURE_ACTION], key: sql`${auditEvents.clientIp}`, threshold, minutes });
  const flag = (row: BurstRow, about: "email" | "address"): AnomalyFlag => ({
    rule: "sign_in_failures",
    severity: "medium",
    actorUserId: null,
    actorEmail: null,
    orgId: null,
    clientIp: about === "address" ? row.key : row.clientIp,
    // The flag is about its key: an address flag names no email, even when its failures shared one.
    attemptedEmail: about === "email" ? row.key : null,
    action: SIGN_IN_FAILURE_ACTION,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    count: row.count,
    summary:
      about === "email"
        ? `${row.count} failed sign-ins for ${row.key} within ${minutes} minutes.`
        : `${row.count} failed sign-ins from ${row.key} within ${minutes} minutes.`,
    // A known account's failures share their target (the user); an unknown email's share only the action;
    // an address's share the address.
    eventsLink: eventsLink({
      action: SIGN_IN_FAILURE_ACTION,
      targetType: row.targetType,
      targetId: row.targetId,
      clientIp: about === "address" ? row.key : null,
      from: row.windowStart,
      to: row.windowEnd,
    }),
  });
  const flags = [...byEmail.map((row) => flag(row, "email")), ...byAddress.map((row) => flag(row, "address"))];
  return flags.sort((a, b) => b.windowEnd.localeCompare(a.windowEnd)).slice(0, input.limit + 1);
};
