import { requirePermission } from "@/lib/authz/policy";
import { reachRequestSchema, type AdvisoryReach, type AdvisoryTargetsInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { parseInput, type Input } from "./input";
import { checkNamedCompanies, computeReach } from "./internal/advisories";
import { withTx } from "./transaction";

/** Which companies the targets would reach if published now (agency staff only: it never leaves the agency). */
export async function previewAdvisoryReach({ ctx, input: raw }: ServiceCall<Input<{ targets: AdvisoryTargetsInput }>>): Promise<AdvisoryReach> {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "advisory.draft");
    const input = parseInput(reachRequestSchema, raw);
    await checkNamedCompanies(tx, input.targets);
    const companies = await computeReach(tx, input.targets);
    return { count: companies.length, companies };
  });
}
