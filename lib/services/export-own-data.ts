import { and, asc, count, desc, eq, isNull, ne, or, sql } from "drizzle-orm";
import { apiTokens, auditEvents, authThrottles, conflictDeclarations, emailOutbox, organisations, productAssignments, userSessions } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { requirePermission } from "@/lib/authz/policy";
import { OWN_DATA_EVENT_LIMIT, type OwnData } from "@/lib/schemas/own-data";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { secondFactorOf } from "./internal/mfa";
import { keyText } from "./internal/throttle";
import { findCaller } from "./internal/users";
import { apiTokenColumns } from "./internal/api-tokens";
import { enterRowSecurity } from "./internal/row-security";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything the portal keeps about the caller, for them to take away (`ownDataSchema`). The export is
 * itself recorded, in the same transaction that reads it. Only the caller's own rows: audit events are
 * those they acted in, without their details (which may name other people's records), and those others
 * took on their account, without who acted; emails to their address without bodies (live links).
 */
export async function exportOwnData({ ctx }: ServiceCall<void>): Promise<OwnData> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    await enterRowSecurity(tx, actor);
    const account = await findCaller(tx, actor);

    const secondFactor = await secondFactorOf(tx, actor.userId);
    const sessions = await tx.select().from(userSessions).where(eq(userSessions.userId, actor.userId)).orderBy(desc(userSessions.createdAt));
    const tokens = await tx.select(apiTokenColumns).from(apiTokens).where(eq(apiTokens.userId, actor.userId)).orderBy(desc(apiTokens.createdAt));
    const assignments = await tx.select({ code: productAssignments.productCode }).from(productAssignments).where(eq(productAssignments.userId, actor.userId)).orderBy(asc(productAssignments.productCode));
    const conflicts = await tx
      .select({ companyId: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa, reason: conflictDeclarations.reason, validFrom: conflictDeclarations.validFrom, validUntil: conflictDeclarations.validUntil })
      .from(conflictDeclarations)
      .innerJoin(organisations, eq(organisations.id, conflictDeclarations.companyId))
      .where(eq(conflictDeclarations.userId, actor.userId))
      .orderBy(asc(conflictDeclarations.validFrom), asc(conflictDeclarations.createdAt));
    const [total] = await tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.actorUserId, actor.userId));
    const events = await tx
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        outcome: auditEvents.outcome,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        purpose: auditEvents.purpose,
        clientIp: auditEvents.clientIp,
        userAgent: auditEvents.userAgent,
      })
      .from(auditEvents)
      .where(eq(auditEvents.actorUserId, actor.userId))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(OWN_DATA_EVENT_LIMIT);

    // What others did to the account: an admin's role change, reset or disabling; a failed sign-in as them.
    const aboutCaller = and(eq(auditEvents.targetType, "user"), eq(auditEvents.targetId, actor.userId), or(isNull(auditEvents.actorUserId), ne(auditEvents.actorUserId, actor.userId)));
    const [aboutTotal] = await tx.select({ n: count() }).from(auditEvents).where(aboutCaller);
    const about = await tx
      .select({ id: auditEvents.id, occurredAt: auditEvents.occurredAt, action: auditEvents.action, outcome: auditEvents.outcome, actorUserId: auditEvents.actorUserId })
      .from(auditEvents)
      .where(aboutCaller)
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(OWN_DATA_EVENT_LIMIT);
    const toCaller = sql`lower(${emailOutbox.toAddress}) = lower(${account.email})`;
    const [emailTotal] = await tx.select({ n: count() }).from(emailOutbox).where(toCaller);
    const emails = await tx
      .select({ id: emailOutbox.id, kind: emailOutbox.kind, subject: emailOutbox.subject, state: emailOutbox.state, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt })
      .from(emailOutbox)
      .where(toCaller)
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
      .limit(OWN_DATA_EVENT_LIMIT);
    const [throttle] = await tx.select().from(authThrottles).where(eq(authThrottles.key, keyText({ scope: "account", subject: account.email.toLowerCase() })));

    const eventTotal = Number(total?.n ?? 0);
    await emit(tx, ctx, {
      action: "account.data_export",
      outcome: "allowed",
      target: { type: "user", id: actor.userId, orgId: actor.orgId },
      details: { events: events.length, eventTotal },
    });
    return {
      exportedAt: new Date().toISOString(),
      account: {
        id: account.id,
        email: account.email,
        displayName: account.displayName,
        emailLocale: account.emailLocale,
        createdAt: iso(account.createdAt),
        organisation: { id: account.orgId, type: account.orgType, nameEn: account.nameEn, nameJa: account.nameJa },
        role: actor.role,
      },
      secondFactor: { enrolledAt: isoOrNull(secondFactor.enrolledAt), recoveryCodesLeft: secondFactor.recoveryCodesLeft },
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
        expiresAt: iso(s.expiresAt),
        endedAt: isoOrNull(s.revokedAt),
        endedBecause: s.revokedReason,
        mfa: s.mfa,
        clientIp: s.clientIp,
        userAgent: s.userAgent,
      })),
      apiTokens: tokens.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: iso(k.createdAt), expiresAt: iso(k.expiresAt), lastUsedAt: isoOrNull(k.lastUsedAt), revokedAt: isoOrNull(k.revokedAt) })),
      productAssignments: assignments.map((a) => a.code),
      conflicts: conflicts.map((c) => ({ company: { id: c.companyId, nameEn: c.nameEn, nameJa: c.nameJa }, reason: c.reason, validFrom: String(c.validFrom), validUntil: c.validUntil === null ? null : String(c.validUntil) })),
      activity: { total: eventTotal, events: events.map((e) => ({ ...e, occurredAt: iso(e.occurredAt) })) },
      aboutYou: {
        total: Number(aboutTotal?.n ?? 0),
        events: about.map((e) => ({ id: e.id, occurredAt: iso(e.occurredAt), action: e.action, outcome: e.outcome, by: e.actorUserId === null ? ("no_one_signed_in" as const) : ("another_user" as const) })),
      },
      emails: { total: Number(emailTotal?.n ?? 0), messages: emails.map((m) => ({ ...m, createdAt: iso(m.createdAt), sentAt: isoOrNull(m.sentAt) })) },
      signInThrottle: throttle ? { failures: throttle.failures, lastFailureAt: iso(throttle.lastFailureAt), blockedUntil: isoOrNull(throttle.blockedUntil) } : null,
    };
  });
}
