import { desc, eq, sql } from "drizzle-orm";
import { apiTokens, memberships, users } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/** The API tokens of every user of the caller's company, newest first. Never the secrets. */
export async function listApiTokens({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "api_token.manage_company");
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
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(memberships.organisationId, actor.orgId))
      .orderBy(desc(apiTokens.createdAt));
  });
}
