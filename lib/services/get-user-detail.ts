import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { authThrottles, conflictDeclarations, organisations, productAssignments, userMfa } from "@/db/schema";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { openSessionsOf } from "./internal/sessions";
import { findManagedUser, enterUserAdmin } from "./internal/users";
import { accountThrottleKey } from "./internal/throttle";
import { conflictStanding } from "./internal/conflicts";

/** One user as an administrator sees them: membership, second factor, failed sign-ins counted, open sessions, product assignments and declared conflicts. */
export async function getUserDetail({ ctx, input }: ServiceCall<{ userId: string }>) {
  return withTx(ctx, async (tx) => {
    const { onlyOrg } = await enterUserAdmin(tx, ctx, "user.read", { type: "user", id: input.userId });
    const user = await findManagedUser(tx, onlyOrg, input.userId, "user.read");
    const [mfa] = await tx.select({ confirmedAt: userMfa.confirmedAt }).from(userMfa).where(and(eq(userMfa.userId, user.userId), isNotNull(userMfa.confirmedAt)));
    const sessions = await openSessionsOf(tx, user.userId, user.orgType);
    const assignments =
      user.orgType === "agency"
        ? (await tx.select({ code: productAssignments.productCode }).from(productAssignments).where(eq(productAssignments.userId, user.userId)).orderBy(asc(productAssignments.productCode))).map((r) => r.code)
        : [];
    const conflicts =
      user.orgType === "agency"
        ? await tx
            .select({
              id: conflictDeclarations.id,
              companyId: conflictDeclarations.companyId,
              nameEn: organisations.nameEn,
              nameJa: organisations.nameJa,
              reason: conflictDeclarations.reason,
              validFrom: conflictDeclarations.validFrom,
              validUntil: conflictDeclarations.validUntil,
              standing: conflictStanding,
            })
            .from(conflictDeclarations)
            .innerJoin(organisations, eq(organisations.id, conflictDeclarations.companyId))
            .where(eq(conflictDeclarations.userId, user.userId))
            .orderBy(asc(conflictDeclarations.validFrom))
        : [];
    const [throttle] = await tx
      .select({ failures: authThrottles.failures, blockedUntil: authThrottles.blockedUntil, blocked: sql<boolean>`${authThrottles.blockedUntil} > now()` })
      .from(authThrottles)
      .where(eq(authThrottles.key, accountThrottleKey(user.email)));
    // Failed sign-ins counted against the account, and until when it must wait, if it must.
    const signInFailures = throttle ? { count: throttle.failures, blockedUntil: throttle.blocked ? throttle.blockedUntil : null } : null;
    return { user, mfaEnrolled: Boolean(mfa), sessions, assignments, conflicts, signInFailures };
  });
}
