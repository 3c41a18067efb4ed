import { asc, eq } from "drizzle-orm";
import { organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/** Every company by name, for naming companies as advisory targets (agency staff; names only). */
export async function listTargetableCompanies({ ctx }: ServiceCall<void>): Promise<{ id: string; name: { en: string; ja: string } }[]> {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "advisory.draft");
    const rows = await tx
      .select({ id: organisations.id, en: organisations.nameEn, ja: organisations.nameJa })
      .from(organisations)
      .where(eq(organisations.type, "company"))
      .orderBy(asc(organisations.nameEn));
    return rows.map((r) => ({ id: r.id, name: { en: r.en, ja: r.ja } }));
  });
}
