import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { heldForDatabase, listenerFor, perDatabase, type Executor } from "@/db/client";
import type { OrganisationType, Role } from "@/db/schema";

/** The channel migration 0015's triggers notify when anything a token's validity depends on changes. */
export const TOKEN_CREDENTIALS_CHANNEL = "kakehashi_token_credentials";

/** What an accepted token resolved to. */
export interface CachedToken {
  id: string;
  prefix: string;
  userId: string;
  orgId: string;
  role: Role;
  orgType: OrganisationType;
  /** Epoch milliseconds. */
  expiresAt: number;
  lastUsedAt: number | null;
}

/**
 * Accepted API tokens, so that a client's every request does not cost a round trip to look its token up
 * (README, "Architecture": "Accepted tokens are cached"). An entry is keyed by the token's digest and the client's address, so that an
 * address backing off after failures is still refused whatever token it sends. Every entry is dropped:
 * - when anything a token's validity depends on changes anywhere — a token revoked or its expiry
 *   changed, a user disabled, a membership or role changed, an address's failures counted — through a
 *   database notification (migration 0015), and at once when this process commits any change itself;
 * - while notifications cannot be received (the listening connection lost): nothing is kept then;
 * - after MAX_AGE_MS in any case.
 * A lookup that began before a drop is not kept, since it may have read what the drop was for.
 */
export class TokenCache {
  private entries = new Map<string, { token: CachedToken; keptAt: number }>();
  private generation = 0;
  private listening = false;

  constructor(
    readonly maxAgeMs = 15_000,
    readonly maxEntries = 10_000,
  ) {}

  /** Call before looking a token up; pass the result to `keep`. */
  begin(): number {
    return this.generation;
  }

  get(key: string, now = Date.now()): CachedToken | undefined {
    const entry = this.listening ? this.entries.get(key) : undefined;
    if (!entry) return undefined;
    if (now - entry.keptAt > this.maxAgeMs || entry.token.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  keep(key: string, token: CachedToken, begun: number, now = Date.now()): void {
    if (!this.listening || begun !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { token, keptAt: now });
  }

  drop(): void {
    this.generation += 1;
    this.entries.clear();
  }

  setListening(listening: boolean): void {
    this.drop();
    this.listening = listening;
  }

  get size(): number {
    return this.entries.size;
  }
}

const TOKEN_CACHE = "tokenCache";

/**
 * The token cache of a database (listening from its first use), or null inside a transaction. One per
 * database object (`perDatabase`): the cache a commit drops is the one every part of the server reads.
 */
export function tokenCacheFor(db: Executor): TokenCache | null {
  if (is(db as object, PgTransaction)) return null;
  return perDatabase(db, TOKEN_CACHE, () => {
    const listen = listenerFor(db);
    if (!listen) return null;
    const cache = new TokenCache();
    listen(TOKEN_CREDENTIALS_CHANNEL, { notify: () => cache.drop(), live: (listening) => cache.setListening(listening) });
    return cache;
  });
}

/** Drops the tokens this process keeps for a database: after it committed a change. */
export function dropCachedTokens(db: Executor): void {
  heldForDatabase<TokenCache | null>(db, TOKEN_CACHE)?.drop();
}
