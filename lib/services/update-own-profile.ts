import { eq, sql } from "drizzle-orm";
import { companyProfiles, organisationProducts, organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { companyProfileInputSchema, type CompanyProfile, type CompanyProfileInput } from "@/lib/schemas/profile";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { NotFoundError } from "./errors";
import { parseInput, type Input } from "./input";
import { loadProfile } from "./internal/profiles";
import { serviceMessage } from "./messages";

/** A company's officer or admin replaces its profile; the change and its audit event commit together. */
export async function updateOwnProfile({ ctx, input: raw }: ServiceCall<Input<CompanyProfileInput>>): Promise<CompanyProfile> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "profile.update_own");
    const input = parseInput(companyProfileInputSchema, raw);
    // The company is locked before its profile is read: of two saves at once, the second reads what the
    // first wrote (a sector it leaves out is kept as the first set it, and its event names what it changed).
    await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, actor.orgId)).for("no key update");
    const before = await loadProfile(tx, actor.orgId);
    if (!before) throw new NotFoundError(serviceMessage("noCompanyProfile"));

    const next = {
      contactName: input.contactName,
      contactEmail: input.contactEmail ? input.contactEmail : null,
      contactPhone: input.contactPhone,
      sector: input.sector === undefined ? before.sector : input.sector,
    };
    const [saved] = await tx
      .insert(companyProfiles)
      .values({ organisationId: actor.orgId, ...next, updatedBy: actor.userId })
      .onConflictDoUpdate({
        target: companyProfiles.organisationId,
        set: { ...next, version: sql`${companyProfiles.version} + 1`, updatedAt: sql`now()`, updatedBy: actor.userId },
      })
      .returning({ version: companyProfiles.version });

    await tx.delete(organisationProducts).where(eq(organisationProducts.organisationId, actor.orgId));
    if (input.productCodes.length > 0) {
      await tx
        .insert(organisationProducts)
        .values(input.productCodes.map((productCode) => ({ organisationId: actor.orgId, productCode })));
    }

    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => before[k] !== next[k]);
    const sortedCodes = [...input.productCodes].sort();
    if (sortedCodes.join() !== before.productCodes.join()) changed.push("productCodes" as never);

    await emit(tx, ctx, {
      action: "profile.update",
      outcome: "allowed",
      target: { type: "company_profile", id: actor.orgId, orgId: actor.orgId },
      details: { changed, version: saved!.version },
    });
    return (await loadProfile(tx, actor.orgId))!;
  });
}
