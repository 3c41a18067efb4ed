import { z } from "zod";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { NotFoundError, withDenial } from "./errors";
import { withTx } from "./transaction";
import { revokeSessionsOf } from "./internal/sessions";
import { serviceMessage } from "./messages";

/** Ends one of the caller's own sessions (another browser, say); it is refused at its next request. */
export async function revokeOwnSession({ ctx, input }: ServiceCall<{ sessionId: string }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "session.manage_own", { type: "session", id: input.sessionId });
    const ended = z.uuid().safeParse(input.sessionId).success ? await revokeSessionsOf(tx, actor.userId, "user", actor.userId, { only: input.sessionId }) : [];
    if (ended.length === 0) {
      throw withDenial(new NotFoundError(serviceMessage("noSession")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "session", id: input.sessionId },
        details: { attempted: "session.revoke", reason: "not_in_scope_or_closed" },
      });
    }
    await emit(tx, ctx, {
      action: "session.revoke",
      outcome: "allowed",
      target: { type: "user", id: actor.userId, orgId: actor.orgId },
      details: { sessionIds: ended, reason: "user" },
    });
  });
}
