import { eq } from "drizzle-orm";
import { organisations, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { Me } from "@/lib/schemas/me";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { UnauthenticatedError } from "./errors";

/** Who the caller is: user, organisation and role. */
export async function getMe({ ctx }: ServiceCall<void>): Promise<Me> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "me.read");
    const [row] = await tx
      .select({
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        orgId: organisations.id,
        orgType: organisations.type,
        nameEn: organisations.nameEn,
        nameJa: organisations.nameJa,
      })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, actor.orgId))
      .where(eq(users.id, actor.userId));
    if (!row) throw new UnauthenticatedError();
    return {
      user: { id: row.id, email: row.email, displayName: row.displayName },
      organisation: { id: row.orgId, type: row.orgType, nameEn: row.nameEn, nameJa: row.nameJa },
      role: actor.role,
    };
  });
}
