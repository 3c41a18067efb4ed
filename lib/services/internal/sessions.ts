import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { userSessions, type SessionRevocationReason } from "@/db/schema";

/**
 * Ends a user's open sessions from the server (all of them, or all but `except`); they are refused at
 * their next request. Answers the ids it ended.
 */
export async function revokeSessionsOf(
  tx: Executor,
  userId: string,
  reason: Exclude<SessionRevocationReason, "sign_out">,
  by: string | null,
  options: { except?: string; only?: string } = {},
): Promise<string[]> {
  const rows = await tx
    .update(userSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason, revokedBy: by })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        gt(userSessions.expiresAt, sql`now()`),
        options.except ? ne(userSessions.id, options.except) : undefined,
        options.only ? eq(userSessions.id, options.only) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return rows.map((r) => r.id);
}

/** The open sessions of a user, newest activity first (the idle limit is applied by the caller's role). */
export function openSessionsOf(db: Executor, userId: string) {
  return db
    .select({
      id: userSessions.id,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      expiresAt: userSessions.expiresAt,
      clientIp: userSessions.clientIp,
      userAgent: userSessions.userAgent,
      mfa: userSessions.mfa,
    })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`)))
    .orderBy(sql`${userSessions.lastSeenAt} desc`);
}
