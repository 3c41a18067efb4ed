import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { memberships, organisations, userSessions, users, type Role } from "@/db/schema";
import { MFA_ROLES } from "@/lib/authz/policy";
import { idleMinutesFor } from "@/lib/security/session-policy";
import { emit } from "@/lib/audit/emit";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { withTx } from "./transaction";

export interface SessionClaims {
  sessionId: string;
  userId: string;
  orgId: string;
  role: Role;
}

// Activity is written at most once a minute, so an idle limit is kept to within a minute.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Turns the claims of the Auth.js token into an actor, if the server-side session is still open: not
 * revoked, within its absolute limit and its idle limit, opened with a second factor where one is now
 * required, and for the membership the user still holds (role and organisation are read fresh, so a
 * changed role ends the session).
 */
export async function resolveSession({ ctx, input }: ServiceCall<SessionClaims>): Promise<Actor | null> {
  const [row] = await ctx.db
    .select({
      userId: users.id,
      orgId: memberships.organisationId,
      orgType: organisations.type,
      role: memberships.role,
      lastSeenAt: userSessions.lastSeenAt,
      idleSeconds: sql<number>`extract(epoch from now() - ${userSessions.lastSeenAt})::float8`,
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
        // A company that starts requiring a second factor ends its sessions opened without one.
        or(eq(userSessions.mfa, true), and(sql`${memberships.role} not in ${MFA_ROLES}`, eq(organisations.mfaRequired, false))),
      ),
    )
    .limit(1);
  if (!row) {
    await closeLapsedSession(ctx, input, "expired");
    return null;
  }
  if (Number(row.idleSeconds) > idleMinutesFor(row.orgType) * 60) {
    await closeLapsedSession(ctx, input, "idle");
    return null;
  }
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await ctx.db.update(userSessions).set({ lastSeenAt: sql`now()` }).where(eq(userSessions.id, input.sessionId));
  }
  return { userId: row.userId, orgId: row.orgId, orgType: row.orgType, role: row.role, sessionId: input.sessionId };
}

/**
 * A request came with a session past its idle limit, or with one not found open (`expired` then closes it
 * only if its absolute limit has passed: other refusals, such as a changed role, are not lapses). The
 * session is closed with its reason and `auth.session_ended` recorded, in one transaction and once: the
 * conditional update matches only a session still open, so the same cookie sent again records nothing.
 */
async function closeLapsedSession(ctx: RequestContext, claims: SessionClaims, reason: "idle" | "expired"): Promise<void> {
  await withTx(ctx, async (tx) => {
    const closed = await tx
      .update(userSessions)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(
        and(
          eq(userSessions.id, claims.sessionId),
          eq(userSessions.userId, claims.userId),
          isNull(userSessions.revokedAt),
          reason === "expired" ? lte(userSessions.expiresAt, sql`now()`) : undefined,
        ),
      )
      .returning({ id: userSessions.id });
    if (closed.length === 0) return;
    await emit(tx, ctx, {
      action: "auth.session_ended",
      outcome: "allowed",
      target: { type: "user", id: claims.userId, orgId: claims.orgId },
      details: { sessionId: claims.sessionId, reason },
    });
  });
}
