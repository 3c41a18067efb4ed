import { createHash, randomBytes } from "node:crypto";
import { and, eq, getTableColumns, gt, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Executor, Tx } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { RequestContext } from "../context";

export const TOKEN_PREFIX = "khk_";

export function hashTokenSecret(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token's columns but its digest, which nothing behind the account wall reads (migration 0049). */
export const apiTokenColumns = (() => {
  const { secretHash, ...rest } = getTableColumns(apiTokens);
  void secretHash;
  return rest;
})();

/** A new token: 32 random bytes; only its SHA-256 digest is stored. The plain token is shown once. */
export async function insertApiToken(tx: Tx, userId: string, name: string, expiresInDays: number) {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await tx
    .insert(apiTokens)
    .values({
      userId,
      name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 8),
      secretHash: hashTokenSecret(token),
      expiresAt: sql`now() + make_interval(days => ${expiresInDays})`,
    })
    .returning(apiTokenColumns);
  return { token, row: row! };
}

/**
 * TOKEN_EXPIRY_REMINDER_DAYS: how many days before an API token expires its holder is told (14 when
 * unset; 0 tells no one). Read at the server's start, so that a bad value stops it there.
 */
export function tokenReminderDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TOKEN_EXPIRY_REMINDER_DAYS;
  if (raw === undefined || raw === "") return 14;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 365) {
    throw new Error(`TOKEN_EXPIRY_REMINDER_DAYS must be a whole number of days from 0 to 365, not "${raw}".`);
  }
  return value;
}

/**
 * A token that still works, expires within `days` of `now`, and was made to live longer than that (its
 * maker chose a short life otherwise): what its holder is reminded of and the tokens page marks.
 */
export function expiringSoon(now: Date, days: number): SQL {
  return and(
    isNull(apiTokens.revokedAt),
    gt(apiTokens.expiresAt, now),
    lte(apiTokens.expiresAt, new Date(now.getTime() + days * 86_400_000)),
    sql`${apiTokens.expiresAt} - ${apiTokens.createdAt} > make_interval(days => ${days})`,
  )!;
}

/** The user's tokens that still work: neither revoked nor expired. */
const liveTokensOf = (userId: string) => and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`));

export async function countLiveTokensOf(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(apiTokens).where(liveTokensOf(userId));
  return Number(row?.n ?? 0);
}

/**
 * Revokes every token of the user that still works, each recorded as `api_token.revoke` with the
 * change that caused it (a new password, the account disabled, a new role, its second factor reset by an
 * admin); answers how many there were.
 */
export async function revokeLiveTokensOf(
  tx: Tx,
  ctx: RequestContext,
  owner: { userId: string; orgId: string },
  reason: "password_change" | "password_reset" | "disabled" | "role_change" | "mfa_reset",
): Promise<number> {
  const rows = await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(liveTokensOf(owner.userId)).returning({ id: apiTokens.id });
  for (const { id } of rows) {
    await emit(tx, ctx, { action: "api_token.revoke", outcome: "allowed", target: { type: "api_token", id, orgId: owner.orgId }, details: { reason } });
  }
  return rows.length;
}
