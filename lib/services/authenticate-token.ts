import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { compileQuery } from "@/db/compiled-query";
import { apiTokens, authThrottles, memberships, organisations, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { retryAfterSeconds, throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { withoutTx, withTx } from "./transaction";
import { ThrottledError, UnauthenticatedError, withDenial } from "./errors";
import { hashTokenSecret, TOKEN_PREFIX } from "./internal/api-tokens";
import { addressSubject, keyText, recordFailure, type ThrottleKey } from "./internal/throttle";
import { tokenCacheFor, type CachedToken, type TokenCache } from "./internal/token-cache";

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

type ThrottleRow = { failures: number; lastFailureAt: string; now: string };

// The token, its user, membership and organisation, and the client address's throttle state, in one
// statement built once (it runs on every API request).
const tokenLookup = compileQuery("authenticate_token", (db) =>
  db
    .select({
      id: apiTokens.id,
      prefix: apiTokens.prefix,
      expiresAt: apiTokens.expiresAt,
      expired: sql<boolean>`${apiTokens.expiresAt} <= now()`,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: users.id,
      disabledAt: users.disabledAt,
      orgId: memberships.organisationId,
      role: memberships.role,
      orgType: organisations.type,
      throttle: sql<ThrottleRow | string | null>`(select json_build_object('failures', ${authThrottles.failures},
        'lastFailureAt', ${authThrottles.lastFailureAt}, 'now', now()) from ${authThrottles} where ${authThrottles.key} = ${sql.placeholder("throttleKey")})`,
    })
    .from(sql`(select 1) as request`)
    .leftJoin(apiTokens, eq(apiTokens.secretHash, sql.placeholder("secretHash")))
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId)),
);

/**
 * Resolves a bearer token to the user it acts for. Any refusal is audited and answers 401; failures are
 * counted per client address, and an address backing off or locked out gets 429 (Retry-After) whatever
 * its token. This runs on every API request: a token this process accepted from the same address is
 * taken from the token cache until anything it depends on changes (internal/token-cache.ts); otherwise
 * the token and the address's throttle state are read in one statement on the pool, with no transaction
 * around it. Only a failure, or the once-a-minute record of the token's use, writes.
 */
export async function authenticateToken({ ctx, input }: ServiceCall<{ token: string }>, config: ThrottleConfig = throttleConfig()): Promise<Actor> {
  const keys: ThrottleKey[] = ctx.clientIp ? [{ scope: "token_address", subject: addressSubject(ctx.clientIp) }] : [];
  const token = input.token.trim();
  const wellFormed = token.startsWith(TOKEN_PREFIX) && token.length >= 40 && token.length <= 100;
  // A malformed token is looked up as "", which no stored digest is.
  const secretHash = wellFormed ? hashTokenSecret(token) : "";
  const cache = wellFormed ? tokenCacheFor(ctx.db) : null;
  const cacheKey = `${secretHash} ${ctx.clientIp ?? ""}`;
  const accepted = cache?.get(cacheKey) ?? (await lookUp(ctx, config, { token, secretHash, keys, cache, cacheKey }));

  const actor: Actor = { userId: accepted.userId, orgId: accepted.orgId, orgType: accepted.orgType, role: accepted.role, tokenId: accepted.id };
  if (accepted.lastUsedAt === null || Date.now() - accepted.lastUsedAt > USE_RECORD_INTERVAL_MS) {
    await withTx(ctx, async (tx) => {
      // Concurrent requests with the same token all see the old time: only the one whose update wins records the use.
      const [updated] = await tx
        .update(apiTokens)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiTokens.id, actor.tokenId!), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - make_interval(secs => ${USE_RECORD_INTERVAL_MS / 1000})`))))
        .returning({ id: apiTokens.id });
      if (!updated) return;
      await emit(tx, { ...ctx, actor }, {
        action: "auth.token_used",
        outcome: "allowed",
        target: { type: "api_token", id: actor.tokenId!, orgId: actor.orgId },
        details: { tokenId: actor.tokenId! },
      });
    });
  }
  return actor;
}

/** The database's word on a token: accepted (and kept in the cache), or refused, audited and counted. */
async function lookUp(
  ctx: RequestContext,
  config: ThrottleConfig,
  { token, secretHash, keys, cache, cacheKey }: { token: string; secretHash: string; keys: ThrottleKey[]; cache: TokenCache | null; cacheKey: string },
): Promise<CachedToken> {
  const begun = cache?.begin();
  const looked = await withoutTx(ctx, async (db) => {
    const [found] = await tokenLookup.run(db, { secretHash, throttleKey: keys[0] ? keyText(keys[0]) : null });
    const throttle = typeof found?.throttle === "string" ? (JSON.parse(found.throttle) as ThrottleRow) : found?.throttle;
    const wait = throttle
      ? retryAfterSeconds(config.address, { failures: throttle.failures, lastFailureAt: new Date(throttle.lastFailureAt) }, new Date(throttle.now))
      : 0;
    if (wait > 0) {
      throw withDenial(new ThrottledError(wait), { action: "auth.token_throttled", outcome: "denied", details: { retryAfterSeconds: wait } });
    }
    return found!;
  });

  const rejection = !secretHash
    ? new TokenRejected("malformed")
    : !looked.id
      ? new TokenRejected("unknown", token.slice(0, TOKEN_PREFIX.length + 8))
      : looked.revokedAt
        ? new TokenRejected("revoked", looked.prefix!)
        : looked.expired
          ? new TokenRejected("expired", looked.prefix!)
          : looked.disabledAt || !looked.userId || !looked.orgId || !looked.role || !looked.orgType
            ? new TokenRejected("disabled", looked.prefix!)
            : null;
  if (rejection) {
    await withTx(ctx, async (tx) => {
      const { lockedOut } = await recordFailure(tx, config, keys);
      await emit(tx, ctx, { action: "auth.token_rejected", outcome: "denied", details: { reason: rejection.reason, prefix: rejection.prefix } });
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

  const accepted: CachedToken = {
    id: looked.id!,
    prefix: looked.prefix!,
    userId: looked.userId!,
    orgId: looked.orgId!,
    role: looked.role!,
    orgType: looked.orgType!,
    expiresAt: looked.expiresAt!.getTime(),
    lastUsedAt: looked.lastUsedAt?.getTime() ?? null,
  };
  if (cache && begun !== undefined) cache.keep(cacheKey, accepted, begun);
  return accepted;
}
