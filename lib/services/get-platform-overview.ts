import { asc, count, eq } from "drizzle-orm";
import { memberships, organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/** For platform admins: every organisation with its type and number of users. No business content. */
export async function getPlatformOverview({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "platform.overview");
    return tx
      .select({
        id: organisations.id,
        type: organisations.type,
        nameEn: organisations.nameEn,
        nameJa: organisations.nameJa,
        userCount: count(memberships.id),
      })
      .from(organisations)
      .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
      .groupBy(organisations.id)
      .orderBy(asc(organisations.type), asc(organisations.nameEn));
  });
}
