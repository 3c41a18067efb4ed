import { and, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { userSessions, type OrganisationType, type SessionRevocationReason } from "@/db/schema";
import { idleMinutesFor } from "@/lib/security/session-policy";
import { emit } from "@/lib/audit/emit";
import type { RequestContext } from "../context";

/**
 * Ends a user's open sessions from the server (all of them, or all but `except`; with `passwordOnly`,
 * only those opened without a second factor); they are refused at their next request. Answers the ids
 * it ended.
 */
export async function revokeSessionsOf(
  tx: Executor,
  userId: string,
  reason: Exclude<SessionRevocationReason, "sign_out">,
  by: string | null,
  options: { except?: string; only?: string; passwordOnly?: boolean } = {},
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
        options.passwordOnly ? eq(userSessions.mfa, false) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return rows.map((r) => r.id);
}

/**
 * A user has just enrolled an authenticator: every other open session of theirs that was opened with the
 * password alone ends, recorded as `session.revoke` (reason `mfa_enrolment`), so that whoever else held
 * the password does not keep a session the account would no longer give them. (Where neither role nor
 * company asks for a second factor, `resolveSession` still accepts a session opened without one.) The
 * sessions are stored as ended by the user themselves: `user`, by them.
 */
export async function endPasswordOnlySessions(
  tx: Executor,
  ctx: RequestContext,
  user: { userId: string; orgId: string },
  except?: string,
): Promise<string[]> {
  const ended = await revokeSessionsOf(tx, user.userId, "user", user.userId, { except, passwordOnly: true });
  if (ended.length) {
    await emit(tx, ctx, {
      action: "session.revoke",
      outcome: "allowed",
      target: { type: "user", id: user.userId, orgId: user.orgId },
      details: { sessionIds: ended, reason: "mfa_enrolment" },
    });
  }
  return ended;
}

/**
 * Whether a session is still within the idle limit of its user's kind of organisation (`orgType`, a value
 * or a column): one past it is closed at its next request (resolveSession), so it is not open.
 */
export function withinIdleLimit(orgType: OrganisationType | SQL) {
  const minutes =
    typeof orgType === "string"
      ? sql`${idleMinutesFor(orgType)}::int`
      : sql`case when ${orgType} = 'company' then ${idleMinutesFor("company")}::int else ${idleMinutesFor("agency")}::int end`;
  return sql`${userSessions.lastSeenAt} > now() - make_interval(mins => ${minutes})`;
}

/** The open sessions of a user — not revoked, not expired, within the idle limit — newest activity first. */
export function openSessionsOf(db: Executor, userId: string, orgType: OrganisationType) {
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
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`), withinIdleLimit(orgType)))
    .orderBy(sql`${userSessions.lastSeenAt} desc`);
}
