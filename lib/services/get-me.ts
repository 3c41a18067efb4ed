import { requirePermission } from "@/lib/authz/policy";
import type { Me } from "@/lib/schemas/me";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { findCaller } from "./internal/users";

/** Who the caller is: user, organisation and role. */
export async function getMe({ ctx }: ServiceCall<void>): Promise<Me> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "me.read");
    const row = await findCaller(tx, actor);
    return {
      user: { id: row.id, email: row.email, displayName: row.displayName, emailLocale: row.emailLocale },
      organisation: { id: row.orgId, type: row.orgType, nameEn: row.nameEn, nameJa: row.nameJa },
      role: actor.role,
    };
  });
}
