import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiTokens, memberships, organisations, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { Actor, ServiceCall } from "./context";
import { withoutTx, withTx } from "./transaction";
import { UnauthenticatedError, withDenial } from "./errors";
import { hashTokenSecret, TOKEN_PREFIX } from "./internal/api-tokens";

// Token use is recorded with last_used_at at most once a minute per token; every audited operation a
// token performs also names the token in its own event (details.viaToken).
const USE_RECORD_INTERVAL_MS = 60_000;

function rejected(reason: "malformed" | "unknown" | "expired" | "revoked" | "disabled", prefix?: string) {
  return withDenial(new UnauthenticatedError("The API token is not valid."), {
    action: "auth.token_rejected",
    outcome: "denied",
    details: { reason, prefix },
  });
}

/**
 * Resolves a bearer token to the user it acts for. Any refusal is audited and answers 401. The check is one
 * statement on the pool, with no transaction around it: it runs on every API request.
 */
export async function authenticateToken({ ctx, input }: ServiceCall<{ token: string }>): Promise<Actor> {
  const row = await withoutTx(ctx, async (db) => {
    const token = input.token.trim();
    if (!token.startsWith(TOKEN_PREFIX) || token.length < 40 || token.length > 100) throw rejected("malformed");
    const [found] = await db
      .select({
        id: apiTokens.id,
        prefix: apiTokens.prefix,
        expired: sql<boolean>`${apiTokens.expiresAt} <= now()`,
        revokedAt: apiTokens.revokedAt,
        lastUsedAt: apiTokens.lastUsedAt,
        userId: users.id,
        disabledAt: users.disabledAt,
        orgId: memberships.organisationId,
        role: memberships.role,
        orgType: organisations.type,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(apiTokens.secretHash, hashTokenSecret(token)))
      .prepare("authenticate_token")
      .execute();
    if (!found) throw rejected("unknown", token.slice(0, TOKEN_PREFIX.length + 8));
    if (found.revokedAt) throw rejected("revoked", found.prefix);
    if (found.expired) throw rejected("expired", found.prefix);
    if (found.disabledAt) throw rejected("disabled", found.prefix);
    return found;
  });

  const actor: Actor = { userId: row.userId, orgId: row.orgId, orgType: row.orgType, role: row.role, tokenId: row.id };
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > USE_RECORD_INTERVAL_MS) {
    await withTx(ctx, async (tx) => {
      // Concurrent requests with the same token all see the old time: only the one whose update wins records the use.
      const [updated] = await tx
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - make_interval(secs => ${USE_RECORD_INTERVAL_MS / 1000})`))))
        .returning({ id: apiTokens.id });
      if (!updated) return;
      await emit(tx, { ...ctx, actor }, {
        action: "auth.token_used",
        outcome: "allowed",
        target: { type: "api_token", id: row.id, orgId: row.orgId },
        details: { tokenId: row.id },
      });
    });
  }
  return actor;
}
