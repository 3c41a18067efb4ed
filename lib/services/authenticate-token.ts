import { eq, sql } from "drizzle-orm";
import { apiTokens, memberships, organisations, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";
import type { Tx } from "@/db/client";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { withTx } from "./transaction";
import { ThrottledError, UnauthenticatedError, withDenial } from "./errors";
import { hashTokenSecret, TOKEN_PREFIX } from "./internal/api-tokens";
import { recordFailure, throttleWait, type ThrottleKey } from "./internal/throttle";

// Token use is recorded with last_used_at at most once a minute per token; every audited operation a
// token performs also names the token in its own event (details.viaToken).
const USE_RECORD_INTERVAL_MS = 60_000;

type RejectionReason = "malformed" | "unknown" | "expired" | "revoked" | "disabled";

class TokenRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly prefix?: string,
  ) {
    super(reason);
  }
}

/**
 * Resolves a bearer token to the user it acts for. Any refusal is audited and answers 401; failures
 * are counted per client address, and an address backing off or locked out gets 429 (Retry-After)
 * before its token is even looked at.
 */
export async function authenticateToken({ ctx, input }: ServiceCall<{ token: string }>, config: ThrottleConfig = throttleConfig()): Promise<Actor> {
  const keys: ThrottleKey[] = ctx.clientIp ? [{ scope: "token_address", subject: ctx.clientIp }] : [];
  const wait = await throttleWait(ctx.db, config, keys);
  if (wait) {
    // Thrown inside withTx so that the refusal is recorded.
    await withTx(ctx, async () => {
      throw withDenial(new ThrottledError(wait.retryAfterSeconds), {
        action: "auth.token_throttled",
        outcome: "denied",
        details: { retryAfterSeconds: wait.retryAfterSeconds },
      });
    });
  }
  try {
    return await withTx(ctx, (tx) => resolveToken(tx, ctx, input.token));
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    await withTx(ctx, async (tx) => {
      const { lockedOut } = await recordFailure(tx, config, keys);
      await emit(tx, ctx, { action: "auth.token_rejected", outcome: "denied", details: { reason: error.reason, prefix: error.prefix } });
      for (const { key, failures } of lockedOut) {
        await emit(tx, ctx, {
          action: "auth.locked_out",
          outcome: "denied",
          details: { scope: "token_address", subject: key.subject, failures, minutes: config.address.lockoutMinutes },
        });
      }
    });
    throw new UnauthenticatedError("The API token is not valid.");
  }
}

async function resolveToken(tx: Tx, ctx: RequestContext, raw: string): Promise<Actor> {
  const token = raw.trim();
  if (!token.startsWith(TOKEN_PREFIX) || token.length < 40 || token.length > 100) throw new TokenRejected("malformed");
  const [row] = await tx
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
    .where(eq(apiTokens.secretHash, hashTokenSecret(token)));
  if (!row) throw new TokenRejected("unknown", token.slice(0, TOKEN_PREFIX.length + 8));
  if (row.revokedAt) throw new TokenRejected("revoked", row.prefix);
  if (row.expired) throw new TokenRejected("expired", row.prefix);
  if (row.disabledAt) throw new TokenRejected("disabled", row.prefix);

  const actor: Actor = { userId: row.userId, orgId: row.orgId, orgType: row.orgType, role: row.role, tokenId: row.id };
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > USE_RECORD_INTERVAL_MS) {
    await tx.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
    await emit(tx, { ...ctx, actor }, {
      action: "auth.token_used",
      outcome: "allowed",
      target: { type: "api_token", id: row.id, orgId: row.orgId },
      details: { tokenId: row.id },
    });
  }
  return actor;
}
