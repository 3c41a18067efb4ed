import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accountLinks, auditEvents, memberships, organisations, users, type AccountLinkPurpose } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { accountLinkEmail } from "@/lib/notifications/account-link-email";
import { enqueueEmail } from "@/lib/notifications/outbox";
import { wholeNumberFrom } from "@/lib/config/env-number";
import type { RequestContext } from "../context";
import { ThrottledError, withDenial } from "../errors";
import { serviceMessage } from "../messages";

/** How long a link works: an invitation three days, a password reset one hour. */
export const LINK_LIFETIME_MINUTES: Record<AccountLinkPurpose, number> = { invitation: 72 * 60, password_reset: 60 };

/** How many invitation and reset links one administrator may send in any hour (README, INVITATION_LIMIT_PER_HOUR). */
export function invitationsPerHour(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFrom(env, "INVITATION_LIMIT_PER_HOUR", 30, { min: 1, max: 100_000 });
}

/**
 * Refuses (429 with the wait, recorded as `access.denied`, reason `invitation_limit`) an administrator who
 * has issued `perHour` links in the last hour — invitations, invitations sent again and password resets
 * alike, each an email the platform writes to an address the administrator chose: an admin account, or a
 * session taken over, must not become a way to mail any number of addresses. Counted from their
 * `account_link.issue` events (the audit log keeps every one; index audit_events_actor_idx); their links take
 * turns (a lock per administrator until the transaction ends), so that several sent at once cannot all be
 * counted before any of them is written.
 */
export async function refuseOverLinkLimit(tx: Executor, adminUserId: string, perHour: number, attempted: string, target: { type: string; id: string; orgId: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kakehashi.invitations:${adminUserId}`}))`);
  // The perHour-th latest link of the hour: a slot frees when it is an hour old.
  const [latest] = await tx
    .select({ wait: sql<number>`ceil(extract(epoch from ${auditEvents.occurredAt} + interval '1 hour' - now()))::int` })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, adminUserId), eq(auditEvents.action, "account_link.issue"), gt(auditEvents.occurredAt, sql`now() - interval '1 hour'`)))
    .orderBy(desc(auditEvents.occurredAt))
    .offset(perHour - 1)
    .limit(1);
  if (!latest) return;
  const wait = Math.max(1, Number(latest.wait));
  throw withDenial(new ThrottledError(wait, serviceMessage("invitationLimit", { limit: perHour, minutes: Math.ceil(wait / 60) })), {
    action: "access.denied",
    outcome: "denied",
    target,
    details: { attempted, reason: "invitation_limit" },
  });
}

export const hashLinkToken = (token: string) => createHash("sha256").update(token.trim()).digest("hex");

/**
 * Issues a single-use link for a user and puts its email in the outbox, in the caller's transaction
 * (so no link exists whose email was not queued, and none is sent for a change that rolled back).
 * Earlier unused links of the same purpose stop working: the user's row is locked first, so that a link
 * issued at the same moment by another request is committed, and stopped, before this one is made. Only a
 * digest of the token is stored; the token itself goes only into the email, and back to the caller (for
 * the operator's command line).
 */
export async function issueAccountLink(
  tx: Executor,
  ctx: RequestContext,
  purpose: AccountLinkPurpose,
  userId: string,
  createdBy: string | null,
): Promise<{ linkId: string; token: string; expiresAt: Date }> {
  const [user] = await tx
    .select({ email: users.email, displayName: users.displayName, language: users.emailLocale, orgId: memberships.organisationId, nameEn: organisations.nameEn, nameJa: organisations.nameJa })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.id, userId))
    .for("no key update", { of: users });
  if (!user) throw new Error(`no membership for user ${userId}`);
  await expireAccountLinksOf(tx, userId, purpose);
  const token = randomBytes(32).toString("base64url");
  const [link] = await tx
    .insert(accountLinks)
    .values({ userId, purpose, tokenHash: hashLinkToken(token), expiresAt: sql`now() + make_interval(mins => ${LINK_LIFETIME_MINUTES[purpose]})`, createdBy })
    .returning({ id: accountLinks.id, expiresAt: accountLinks.expiresAt });
  await enqueueEmail(tx, accountLinkEmail(purpose, { email: user.email, displayName: user.displayName, organisation: { en: user.nameEn, ja: user.nameJa }, language: user.language }, { token, expiresAt: link!.expiresAt }));
  await emit(tx, ctx, {
    action: "account_link.issue",
    outcome: "allowed",
    target: { type: "user", id: userId, orgId: user.orgId },
    details: { purpose, linkId: link!.id, expiresAt: link!.expiresAt.toISOString() },
  });
  return { linkId: link!.id, token, expiresAt: link!.expiresAt };
}

/** Stops the user's unused links that still work (of one purpose, or of any); answers how many it stopped. */
export async function expireAccountLinksOf(tx: Executor, userId: string, purpose?: AccountLinkPurpose): Promise<number> {
  const stopped = await tx
    .update(accountLinks)
    .set({ expiresAt: sql`least(${accountLinks.expiresAt}, now())` })
    .where(
      and(
        eq(accountLinks.userId, userId),
        purpose ? eq(accountLinks.purpose, purpose) : undefined,
        isNull(accountLinks.usedAt),
        gt(accountLinks.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: accountLinks.id });
  return stopped.length;
}

export type LinkState =
  | { ok: true; linkId: string; userId: string; email: string; displayName: string; orgId: string; purpose: AccountLinkPurpose }
  | { ok: false; reason: "unknown" | "expired" | "used"; purpose?: AccountLinkPurpose; userId?: string; orgId?: string };

/**
 * What a link's token names, and whether it still works. `forUpdate` locks the link for consuming it. A
 * link of a disabled account is expired: disabling stops its links, and none is followed while it is.
 */
export async function findAccountLink(tx: Executor, token: string, purpose: AccountLinkPurpose, forUpdate = false): Promise<LinkState> {
  const query = tx
    .select({
      id: accountLinks.id,
      userId: accountLinks.userId,
      purpose: accountLinks.purpose,
      usedAt: accountLinks.usedAt,
      expired: sql<boolean>`${accountLinks.expiresAt} <= now()`,
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      email: users.email,
      displayName: users.displayName,
      orgId: memberships.organisationId,
    })
    .from(accountLinks)
    .innerJoin(users, eq(users.id, accountLinks.userId))
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(accountLinks.tokenHash, hashLinkToken(token)), eq(accountLinks.purpose, purpose)));
  const [row] = forUpdate ? await query.for("update", { of: accountLinks }) : await query;
  if (!row) return { ok: false, reason: "unknown" };
  if (row.usedAt) return { ok: false, reason: "used", purpose: row.purpose, userId: row.userId, orgId: row.orgId };
  if (row.expired || row.disabled) return { ok: false, reason: "expired", purpose: row.purpose, userId: row.userId, orgId: row.orgId };
  return { ok: true, linkId: row.id, userId: row.userId, email: row.email, displayName: row.displayName, orgId: row.orgId, purpose: row.purpose };
}
