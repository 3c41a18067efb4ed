import { eq, sql } from "drizzle-orm";
import { memberships, organisations, userSessions, users, type OrganisationType, type Role } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { SignInInput } from "@/lib/schemas/sign-in";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { verifyPassword } from "@/lib/security/passwords";

export const SESSION_ABSOLUTE_HOURS = 12;

export interface AuthenticatedUser {
  userId: string;
  email: string;
  displayName: string;
  orgId: string;
  orgType: OrganisationType;
  role: Role;
  sessionId: string;
}

/**
 * Checks an email and password. On success opens a server-side session and records the sign-in; on
 * failure records why (the caller only learns that it failed). A database fault is thrown, not
 * reported as a wrong password.
 */
export async function authenticateUser({ ctx, input }: ServiceCall<SignInInput>): Promise<AuthenticatedUser | null> {
  const [row] = await ctx.db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      disabledAt: users.disabledAt,
      orgId: memberships.organisationId,
      role: memberships.role,
      orgType: organisations.type,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(sql`lower(${users.email}) = lower(${input.email})`)
    .limit(1);

  const passwordOk = await verifyPassword(row?.passwordHash ?? null, input.password);

  const failure = !row
    ? "unknown_user"
    : !passwordOk
      ? "bad_password"
      : row.disabledAt
        ? "disabled"
        : !row.orgId || !row.role || !row.orgType
          ? "no_membership"
          : null;

  if (failure || !row || !row.orgId || !row.role || !row.orgType) {
    await withTx(ctx, (tx) =>
      emit(tx, ctx, {
        action: "auth.sign_in_failed",
        outcome: "denied",
        target: row ? { type: "user", id: row.userId, orgId: row.orgId } : undefined,
        details: { email: input.email.slice(0, 320), reason: failure ?? "no_membership" },
      }),
    );
    return null;
  }

  const user = { userId: row.userId, orgId: row.orgId, orgType: row.orgType, role: row.role };
  return withTx(ctx, async (tx) => {
    const [session] = await tx
      .insert(userSessions)
      .values({
        userId: user.userId,
        expiresAt: sql`now() + make_interval(hours => ${SESSION_ABSOLUTE_HOURS})`,
        clientIp: ctx.clientIp ?? null,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      })
      .returning({ id: userSessions.id });
    const sessionId = session!.id;
    await emit(tx, { ...ctx, actor: { ...user, sessionId } }, {
      action: "auth.sign_in",
      outcome: "allowed",
      target: { type: "user", id: user.userId, orgId: user.orgId },
      details: { sessionId },
    });
    return { ...user, email: row.email, displayName: row.displayName, sessionId };
  });
}
