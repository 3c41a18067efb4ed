import { asc, count, eq, isNull, and, gt, sql } from "drizzle-orm";
import { memberships, organisations, userMfa, userSessions, users } from "@/db/schema";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { withinIdleLimit } from "./internal/sessions";
import { enterUserAdmin } from "./internal/users";

/**
 * The users a caller administers: every user for a platform admin, the company's own for a company
 * admin. Status (invited, active, disabled), second factor and open sessions; never a secret.
 */
export async function listUsers({ ctx }: ServiceCall<void>) {
  return withTx(ctx, async (tx) => {
    const { onlyOrg } = await enterUserAdmin(tx, ctx, "user.list");
    // Open as getUserDetail counts them: not revoked, not expired, within the idle limit of the user's kind of organisation.
    const open = tx
      .select({ userId: userSessions.userId, n: count().as("n") })
      .from(userSessions)
      .innerJoin(memberships, eq(memberships.userId, userSessions.userId))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(and(isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`), withinIdleLimit(sql`${organisations.type}`)))
      .groupBy(userSessions.userId)
      .as("open_sessions");
    const rows = await tx
      .select({
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        organisationId: organisations.id,
        organisationType: organisations.type,
        nameEn: organisations.nameEn,
        nameJa: organisations.nameJa,
        role: memberships.role,
        disabled: sql<boolean>`${users.disabledAt} is not null`,
        disabledByPlatform: users.disabledByPlatform,
        invited: sql<boolean>`not ${users.hasPassword}`,
        mfaEnrolled: sql<boolean>`${userMfa.confirmedAt} is not null`,
        openSessions: sql<number>`coalesce(${open.n}, 0)::int`,
      })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .leftJoin(userMfa, eq(userMfa.userId, users.id))
      .leftJoin(open, eq(open.userId, users.id))
      .where(onlyOrg ? eq(memberships.organisationId, onlyOrg) : undefined)
      .orderBy(asc(organisations.nameEn), asc(users.email));
    return rows.map((r) => ({
      ...r,
      openSessions: Number(r.openSessions),
      status: r.disabled ? ("disabled" as const) : r.invited ? ("invited" as const) : ("active" as const),
    }));
  });
}
