import { and, count, eq, isNull } from "drizzle-orm";
import { mfaRecoveryCodes, organisations, userMfa } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { mfaRequired } from "./internal/mfa";
import { countLiveTokensOf } from "./internal/api-tokens";

/** The caller's second factor (enrolled or not, required or not, recovery codes left) and how many of their API tokens still work. */
export async function getOwnSecurity({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const [org] = await tx.select({ mfaRequired: organisations.mfaRequired }).from(organisations).where(eq(organisations.id, actor.orgId));
    const [mfa] = await tx.select({ confirmedAt: userMfa.confirmedAt }).from(userMfa).where(eq(userMfa.userId, actor.userId));
    const [codes] = await tx
      .select({ n: count() })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, actor.userId), isNull(mfaRecoveryCodes.usedAt)));
    const enrolled = Boolean(mfa?.confirmedAt);
    return {
      enrolled,
      required: mfaRequired(actor.role, actor.orgType, org?.mfaRequired ?? false, false),
      recoveryCodesLeft: enrolled ? Number(codes?.n ?? 0) : 0,
      companyRequiresMfa: actor.orgType === "company" ? (org?.mfaRequired ?? false) : null,
      liveApiTokens: await countLiveTokensOf(tx, actor.userId),
    };
  });
}
