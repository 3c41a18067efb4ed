import { and, inArray } from "drizzle-orm";
import { organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { knowableReach } from "@/lib/authz/scope";
import { reachRequestSchema, type AdvisoryReach, type AdvisoryTargetsInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { parseInput, type Input } from "./input";
import { checkNamedCompanies, computeReach, recordNamedByCountries } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

export const REACH_PREVIEW_PURPOSE = "advisory reach preview";

/**
 * Which companies the targets would reach if published now (agency staff only: it never leaves the agency).
 * Reach by supplier country comes from disclosures, by product and sector from profiles: the drafter is
 * told the names of only the companies it could read of anyway (`knowableReach`: within its assignment,
 * not behind a conflict it declared; by country, only through a disclosure it may open) and those it named itself; the rest are counted — unless the targets name supplier
 * countries, when they are not even counted (a count that moves as one country is added tells whether a
 * hidden company sources from it) — so that trying targets in the editor cannot tell anyone who sources
 * what from where outside their need to know. The count is worked
 * out apart from the named companies, so a named company outside the drafter's assignment that the
 * targets reach too is counted twice (`count` is then one more than the companies reached): telling them
 * apart would tell what that company discloses. A company named because
 * its disclosures name a targeted supplier country sees that preview in its access log.
 */
export async function previewAdvisoryReach({ ctx, input: raw }: ServiceCall<Input<{ targets: AdvisoryTargetsInput }>>): Promise<AdvisoryReach> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft");
    // Behind the wall: which companies' disclosures the drafter may open (`knowableReach`) is the wall's to say too.
    await enterRowSecurity(tx, actor);
    const input = parseInput(reachRequestSchema, raw);
    await checkNamedCompanies(tx, input.targets);
    // What the products, countries and sectors reach is worked out without the named companies, and the
    // named ones are added to what is shown whatever that found: merged, naming a company outside one's
    // assignment would tell by the count whether the targets reach it too (that is, what it discloses).
    const named = await computeReach(tx, { ...input.targets, products: [], countries: [], sectors: [] });
    const derived = await computeReach(tx, { ...input.targets, organisations: [] });
    const ids = derived.map((c) => c.id);
    const inScope = new Set(
      (ids.length ? await tx.select({ id: organisations.id }).from(organisations).where(and(inArray(organisations.id, ids), knowableReach(actor, input.targets))) : []).map((c) => c.id),
    );
    const namedIds = new Set(named.map((c) => c.id));
    const shownDerived = derived.filter((c) => inScope.has(c.id) && !namedIds.has(c.id));
    const companies = [...named, ...shownDerived].sort((a, b) => a.name.en.localeCompare(b.name.en) || a.id.localeCompare(b.id));
    // By country, the companies outside the drafter's need to know are left uncounted as well as unnamed.
    const unnamed = input.targets.countries.length > 0 ? null : derived.filter((c) => !inScope.has(c.id)).length;
    // Reached by supplier country, a company is named because of what its disclosures say: that goes into
    // its access log like any read of them. (By product or sector it comes from the company directory.)
    if (input.targets.countries.length > 0) {
      await recordNamedByCountries(tx, ctx, shownDerived.map((c) => c.id), input.targets.products, REACH_PREVIEW_PURPOSE);
    }
    return { count: companies.length + (unnamed ?? 0), companies, unnamed };
  });
}
