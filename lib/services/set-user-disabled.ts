import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { withTx } from "./transaction";
import { revokeSessionsOf } from "./internal/sessions";
import { findManagedUser, requireUserAdmin } from "./internal/users";
import { serviceMessage } from "./messages";

/** Disables a user (their sessions end and their API tokens stop working) or enables them again. */
export async function setUserDisabled({ ctx, input }: ServiceCall<{ userId: string; disabled: boolean }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const attempted = input.disabled ? "user.disable" : "user.enable";
    const { actor, onlyOrg } = requireUserAdmin(ctx, attempted, { type: "user", id: input.userId });
    // Locked, as for a role change: the second of two at once finds it done.
    const user = await findManagedUser(tx, onlyOrg, input.userId, attempted, { lock: true });
    if (user.userId === actor.userId) throw new ConflictError(serviceMessage("cannotDisableSelf"));
    if (Boolean(user.disabledAt) === input.disabled) return;
    await tx.update(users).set({ disabledAt: input.disabled ? sql`now()` : null }).where(eq(users.id, user.userId));
    const target = { type: "user", id: user.userId, orgId: user.orgId };
    await emit(tx, ctx, { action: input.disabled ? "user.disable" : "user.enable", outcome: "allowed", target, details: {} });
    if (input.disabled) {
      const ended = await revokeSessionsOf(tx, user.userId, "disabled", actor.userId);
      if (ended.length) await emit(tx, ctx, { action: "session.revoke", outcome: "allowed", target, details: { sessionIds: ended, reason: "disabled" } });
    }
  });
}
