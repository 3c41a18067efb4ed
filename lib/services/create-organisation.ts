import { organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { organisationCreateSchema, type OrganisationCreateInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

/** A platform admin creates an organisation (company, agency, audit body or operator). */
export async function createOrganisation({ ctx, input: raw }: ServiceCall<Input<OrganisationCreateInput>>): Promise<{ id: string }> {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "organisation.manage");
    const input = parseInput(organisationCreateSchema, raw);
    const [row] = await tx
      .insert(organisations)
      .values({ type: input.type, nameEn: input.nameEn, nameJa: input.nameJa, corporateNumber: input.type === "company" ? input.corporateNumber! : null })
      .onConflictDoNothing()
      .returning({ id: organisations.id });
    if (!row) throw new ConflictError(serviceMessage("corporateNumberTaken"));
    await emit(tx, ctx, {
      action: "organisation.create",
      outcome: "allowed",
      target: { type: "organisation", id: row.id, orgId: row.id },
      details: { type: input.type, nameEn: input.nameEn, nameJa: input.nameJa },
    });
    return { id: row.id };
  });
}
