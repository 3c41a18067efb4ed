import { and, eq, inArray, isNull } from "drizzle-orm";
import { apiTokens, memberships, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { tokenExpiryEmail } from "@/lib/notifications/token-expiry-email";
import type { RequestContext } from "./context";
import { expiringSoon } from "./internal/api-tokens";
import { withTx } from "./transaction";

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
    const due = await tx
      .update(apiTokens)
      .set({ expiryRemindedAt: now })
      .where(
        and(
          expiringSoon(now, days),
          isNull(apiTokens.expiryRemindedAt),
          // Held by an active account that has somewhere to be mailed as (its membership says which organisation).
          inArray(apiTokens.userId, tx.select({ id: users.id }).from(users).innerJoin(memberships, eq(memberships.userId, users.id)).where(isNull(users.disabledAt))),
        ),
      )
      .returning({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt });
    if (due.length === 0) return 0;
    const holders = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, language: users.emailLocale, role: memberships.role, orgId: memberships.organisationId })
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
