import { eq } from "drizzle-orm";
import { organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { reauthenticationSchema, type ReauthenticationInput } from "@/lib/schemas/password";
import { ConflictError } from "./errors";
import { parseInput, type Input } from "./input";
import { reauthenticated } from "./internal/reauthentication";
import { mfaRequired, removeAuthenticator } from "./internal/mfa";
import { serviceMessage } from "./messages";
import { noticeSecurityChange } from "./internal/security-notices";

/**
 * Removes the caller's authenticator, where neither their role nor their company requires one, once
 * the current password is confirmed (`reauthenticated`).
 */
export async function removeOwnAuthenticator({ ctx, input: raw }: ServiceCall<Input<ReauthenticationInput>>): Promise<void> {
  await reauthenticated(ctx, async (tx, confirm) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(reauthenticationSchema, raw);
    const [org] = await tx.select({ mfaRequired: organisations.mfaRequired }).from(organisations).where(eq(organisations.id, actor.orgId));
    if (mfaRequired(actor.role, actor.orgType, org?.mfaRequired ?? false, false)) {
      throw new ConflictError(serviceMessage("secondFactorRequired"));
    }
    await confirm(actor, input.currentPassword);
    if (!(await removeAuthenticator(tx, actor.userId))) return;
    await emit(tx, ctx, { action: "mfa.remove", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: { by: "user" } });
    await noticeSecurityChange(tx, actor.userId, "authenticator_removed");
  });
}
