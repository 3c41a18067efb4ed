import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { memberships, organisations, userSessions, users, type Role } from "@/db/schema";
import type { Actor, ServiceCall } from "./context";

export interface SessionClaims {
  sessionId: string;
  userId: string;
  orgId: string;
  role: Role;
}

/**
 * Turns the claims of the Auth.js token into an actor, if the server-side session is still open and
 * the user still holds the membership the session was opened for. Role and organisation are read
 * fresh: a session whose role or organisation has changed since sign-in has ended.
 */
export async function resolveSession({ ctx, input }: ServiceCall<SessionClaims>): Promise<Actor | null> {
  const [row] = await ctx.db
    .select({
      userId: users.id,
      orgId: memberships.organisationId,
      orgType: organisations.type,
      role: memberships.role,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(userSessions.id, input.sessionId),
        eq(userSessions.userId, input.userId),
        eq(memberships.organisationId, input.orgId),
        eq(memberships.role, input.role),
        isNull(userSessions.revokedAt),
        gt(userSessions.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await ctx.db.update(userSessions).set({ lastSeenAt: sql`now()` }).where(eq(userSessions.id, input.sessionId));
  }
  return { userId: row.userId, orgId: row.orgId, orgType: row.orgType, role: row.role, sessionId: input.sessionId };
}
