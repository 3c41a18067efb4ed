import { and, eq, isNotNull } from "drizzle-orm";
import { userMfa } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { RECOVERY_CODE_COUNT } from "@/lib/security/totp";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { withTx } from "./transaction";
import { replaceRecoveryCodes } from "./internal/mfa";
import { serviceMessage } from "./messages";
import { noticeSecurityChange } from "./internal/security-notices";

/** New recovery codes for the caller's authenticator; the old ones stop working. Shown once. */
export async function regenerateRecoveryCodes({ ctx }: ServiceCall<void>): Promise<string[]> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const [mfa] = await tx.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, actor.userId), isNotNull(userMfa.confirmedAt)));
    if (!mfa) throw new ConflictError(serviceMessage("authenticatorFirst"));
    const codes = await replaceRecoveryCodes(tx, actor.userId);
    await emit(tx, ctx, { action: "mfa.recovery_codes_regenerate", outcome: "allowed", target: { type: "user", id: actor.userId, orgId: actor.orgId }, details: { recoveryCodes: RECOVERY_CODE_COUNT } });
    await noticeSecurityChange(tx, actor.userId, "recovery_codes_replaced");
    return codes;
  });
}
