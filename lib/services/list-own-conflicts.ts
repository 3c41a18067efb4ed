import { asc, eq } from "drizzle-orm";
import { conflictDeclarations, organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { conflictStanding } from "./internal/conflicts";
import { enterRowSecurity } from "./internal/row-security";

/** The conflicts of interest declared for the calling agency user, and the companies they may declare one with. */
export async function listOwnConflicts({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "conflict.declare_own");
    await enterRowSecurity(tx, actor);
    const declarations = await tx
      .select({
        id: conflictDeclarations.id,
        companyId: conflictDeclarations.companyId,
        nameEn: organisations.nameEn,
        nameJa: organisations.nameJa,
        reason: conflictDeclarations.reason,
        validFrom: conflictDeclarations.validFrom,
        validUntil: conflictDeclarations.validUntil,
        standing: conflictStanding,
      })
      .from(conflictDeclarations)
      .innerJoin(organisations, eq(organisations.id, conflictDeclarations.companyId))
      .where(eq(conflictDeclarations.userId, actor.userId))
      .orderBy(asc(conflictDeclarations.validFrom));
    const companies = await tx
      .select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa })
      .from(organisations)
      .where(eq(organisations.type, "company"))
      .orderBy(asc(organisations.nameEn));
    return { declarations, companies };
  });
}
