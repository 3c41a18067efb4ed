import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { openSessionsOf } from "./internal/sessions";
import { enterRowSecurity } from "./internal/row-security";

/** The caller's open sessions (browsers signed in as them), the current one marked. */
export async function listOwnSessions({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "session.manage_own");
    await enterRowSecurity(tx, actor);
    const rows = await openSessionsOf(tx, actor.userId, actor.orgType);
    return rows.map((s) => ({ ...s, current: s.id === actor.sessionId }));
  });
}
