import { and, eq, isNotNull } from "drizzle-orm";
import { userMfa } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { RECOVERY_CODE_COUNT } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { reauthenticationSchema, type ReauthenticationInput } from "@/lib/schemas/password";
import { ConflictError } from "./errors";
import { parseInput, type Input } from "./input";
import { reauthenticated } from "./internal/reauthentication";
import { replaceRecoveryCodes } from "./internal/mfa";
import { serviceMessage } from "./messages";
import { noticeSecurityChange } from "./internal/security-notices";

/**
 * New recovery codes for the caller's authenticator, once the current password is confirmed
 * (`reauthenticated`); the old ones stop working. Shown once.
 */
export async function regenerateRecoveryCodes({ ctx, input: raw }: ServiceCall<Input<ReauthenticationInput>>): Promise<string[]> {
  return reauthenticated(ctx, async (tx, confirm) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(reauthenticationSchema, raw);
    const [mfa] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, actor.userId), isNotNull(userMfa.confirmedAt)));
    if (!mfa) throw new ConflictError(serviceMessage("authenticatorFirst"));
    await confirm(actor, input.currentPassword);
    const codes = await replaceRecoveryCodes(tx, actor.userId);
    await emit(tx, ctx, { action: "mfa.recovery_codes_regenerate", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: { recoveryCodes: RECOVERY_CODE_COUNT } });
    await noticeSecurityChange(tx, actor.userId, "recovery_codes_replaced");
    return codes;
  });
}
