import { desc, eq, sql } from "drizzle-orm";
import { apiTokens, memberships, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { expiringSoon, tokenReminderDays } from "./internal/api-tokens";
import { withTx } from "./transaction";
import { enterRowSecurity } from "./internal/row-security";

/**
 * The API tokens of every user of the caller's company, newest first. Never the secrets. A token its
 * holder is (or is about to be) reminded of is marked `expiresSoon` (`TOKEN_EXPIRY_REMINDER_DAYS`; 0
 * marks none).
 */
export async function listApiTokens({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "api_token.manage_company");
    await enterRowSecurity(tx, actor);
    return tx
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        prefix: apiTokens.prefix,
        ownerEmail: users.email,
        createdAt: apiTokens.createdAt,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
        lastUsedAt: apiTokens.lastUsedAt,
        status: sql<"active" | "revoked" | "expired">`case
          when ${apiTokens.revokedAt} is not null then 'revoked'
          when ${apiTokens.expiresAt} <= now() then 'expired'
          else 'active' end`,
        // With reminders off (0 days) no token can be within the window: none is marked.
        expiresSoon: sql<boolean>`${expiringSoon(new Date(), tokenReminderDays())}`,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(memberships.organisationId, actor.orgId))
      .orderBy(desc(apiTokens.createdAt));
  });
}
