import { eq } from "drizzle-orm";
import { organisations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { mfaRequired, secondFactorOf } from "./internal/mfa";
import { countLiveTokensOf } from "./internal/api-tokens";

/** The caller's second factor (enrolled or not, required or not, recovery codes left) and how many of their API tokens still work. */
export async function getOwnSecurity({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const [org] = await tx.select({ mfaRequired: organisations.mfaRequired }).from(organisations).where(eq(organisations.id, actor.orgId));
    const { enrolledAt, recoveryCodesLeft } = await secondFactorOf(tx, actor.userId);
    return {
      enrolled: enrolledAt !== null,
      required: mfaRequired(actor.role, actor.orgType, org?.mfaRequired ?? false, false),
      recoveryCodesLeft,
      companyRequiresMfa: actor.orgType === "company" ? (org?.mfaRequired ?? false) : null,
      liveApiTokens: await countLiveTokensOf(tx, actor.userId),
    };
  });
}
