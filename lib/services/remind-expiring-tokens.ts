import { and, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { apiTokens, memberships, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { tokenExpiryEmail } from "@/lib/notifications/token-expiry-email";
import type { RequestContext } from "./context";
import { withTx } from "./transaction";

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
 * A background pass: every live API token that expires within `days` is marked reminded, its holder is
 * mailed through the outbox, and each reminder is an audit event — in one transaction, so a token is
 * marked only if its mail is queued. A token is reminded once; one made to last no longer than `days`
 * is not (its maker chose a short life), nor is a revoked or expired one, nor one of a disabled account.
 * Servers running it at once remind each token once (the UPDATE's condition is checked again on the row
 * another pass has just marked). Answers how many tokens were reminded.
 */
export async function remindExpiringTokens(ctx: RequestContext, days: number, now: Date = new Date()): Promise<number> {
  if (days === 0) return 0;
  return withTx(ctx, async (tx) => {
    const horizon = new Date(now.getTime() + days * 86_400_000);
    const due = await tx
      .update(apiTokens)
      .set({ expiryRemindedAt: now })
      .where(
        and(
          isNull(apiTokens.revokedAt),
          isNull(apiTokens.expiryRemindedAt),
          gt(apiTokens.expiresAt, now),
          lte(apiTokens.expiresAt, horizon),
          sql`${apiTokens.expiresAt} - ${apiTokens.createdAt} > make_interval(days => ${days})`,
          // Held by an active account that has somewhere to be mailed as (its membership says which organisation).
          inArray(apiTokens.userId, tx.select({ id: users.id }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(isNull(users.disabledAt))),
        ),
      )
      .returning({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt });
    if (due.length === 0) return 0;
    const holders = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, role: memberships.role, orgId: memberships.organisationId })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(inArray(users.id, [...new Set(due.map((t) => t.userId))]));
    const holderOf = new Map(holders.map((h) => [h.id, h]));
    await enqueueEmails(tx, due.map((t) => tokenExpiryEmail(holderOf.get(t.userId)!, t)));
    for (const t of due) {
      await emit(tx, ctx, {
        action: "api_token.expiry_reminder",
        outcome: "allowed",
        target: { type: "api_token", id: t.id, orgId: holderOf.get(t.userId)!.orgId },
        details: { expiresAt: t.expiresAt.toISOString() },
      });
    }
    return due.length;
  });
}
