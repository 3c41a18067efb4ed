import type { Executor } from "@/db/client";
import { anomalyRules, type AnomalyFlag, type AnomalyRange, type AnomalyRule } from "@/lib/schemas/anomaly-query";
import { adminOutOfHours } from "./admin-out-of-hours";
import { breakGlass } from "./break-glass";
import type { AnomalyConfig } from "./config";
import { denialBursts } from "./denial-bursts";
import { outsideAssignment } from "./outside-assignment";
import type { AnomalyRuleFn } from "./shared";
import { signInFailures } from "./sign-in-failures";
import { unusualVolume } from "./unusual-volume";

export { anomalyConfig, parseAnomalyConfig, AnomalyConfigError, type AnomalyConfig } from "./config";

/** Every rule, in the order the report lists them. */
export const rules: Record<AnomalyRule, AnomalyRuleFn> = {
  unusual_volume: unusualVolume,
  outside_assignment: outsideAssignment,
  break_glass: breakGlass,
  denial_burst: denialBursts,
  sign_in_failures: signInFailures,
  admin_out_of_hours: adminOutOfHours,
};

/** Flags listed per rule at most; a rule that found more says so (`truncated`). */
export const FLAGS_PER_RULE = 200;

/**
 * Runs every rule over the range, one query (or two) each, in the database. The rules run one after
 * the other: they share the caller's transaction, and so its connection.
 */
export async function findAnomalies(
  db: Executor,
  range: AnomalyRange,
  config: AnomalyConfig,
  limit = FLAGS_PER_RULE,
): Promise<{ flags: AnomalyFlag[]; truncated: AnomalyRule[] }> {
  const flags: AnomalyFlag[] = [];
  const truncated: AnomalyRule[] = [];
  for (const rule of anomalyRules) {
    const found = await rules[rule]({ db, range, config, limit });
    if (found.length > limit) truncated.push(rule);
    flags.push(...found.slice(0, limit));
  }
  return { flags, truncated };
}
