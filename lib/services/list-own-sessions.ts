import { requirePermission } from "@/lib/authz/policy";
import { idleMinutesFor } from "@/lib/security/session-policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { openSessionsOf } from "./internal/sessions";

/** The caller's open sessions (browsers signed in as them), the current one marked. */
export async function listOwnSessions({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "session.manage_own");
    const idleMs = idleMinutesFor(actor.orgType) * 60_000;
    const rows = await openSessionsOf(tx, actor.userId);
    return rows
      .filter((s) => Date.now() - s.lastSeenAt.getTime() <= idleMs)
      .map((s) => ({ ...s, current: s.id === actor.sessionId }));
  });
}
