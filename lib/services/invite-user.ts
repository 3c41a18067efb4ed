import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditEvents, memberships, organisations, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { wholeNumberFrom } from "@/lib/config/env-number";
import { invitationSchema, rolesForOrganisationType, type InvitationInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { ConflictError, NotFoundError, ThrottledError, ValidationError, withDenial } from "./errors";
import { claimedId, parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { issueAccountLink } from "./internal/account-links";
import { requireUserAdmin, roleNotGrantable } from "./internal/users";
import { serviceMessage } from "./messages";

/** How many invitations one administrator may send in any hour (README, INVITATION_LIMIT_PER_HOUR). */
export function invitationsPerHour(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFrom(env, "INVITATION_LIMIT_PER_HOUR", 30, { min: 1, max: 100_000 });
}

/**
 * Invites a person: a platform admin into any organisation, a company admin into their own company
 * (company roles only). The account has no password until the invitation link, sent through the
 * email outbox, is followed; agency, audit and operator accounts then enrol a second factor at their
 * first sign-in. An administrator sends at most `perHour` invitations in any hour (429, audited): an
 * admin account, or a session taken over, must not become a way to mail any number of addresses.
 */
export async function inviteUser({ ctx, input: raw }: ServiceCall<Input<InvitationInput>>, perHour = invitationsPerHour()): Promise<{ userId: string; expiresAt: Date }> {
  return withTx(ctx, async (tx) => {
    const claimedOrg = claimedId(raw, "organisationId");
    const { actor, onlyOrg } = requireUserAdmin(ctx, "user.invite", { type: "organisation", id: claimedOrg });
    // Another company does not exist for a company admin: 404, and the attempt is recorded.
    if (onlyOrg && claimedOrg !== onlyOrg) {
      throw withDenial(new NotFoundError(serviceMessage("noOrganisation")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "organisation", id: claimedOrg },
        details: { attempted: "user.invite", reason: "not_in_scope" },
      });
    }
    const input = parseInput(invitationSchema, raw);
    const organisationId = onlyOrg ?? input.organisationId;
    const [org] = await tx.select({ id: organisations.id, type: organisations.type }).from(organisations).where(eq(organisations.id, organisationId));
    if (!org) throw new ValidationError([{ path: "organisationId", message: "validation.organisation" }]);
    if (!rolesForOrganisationType[org.type].includes(input.role)) throw roleNotGrantable("user.invite", { type: "organisation", id: org.id, orgId: org.id });
    const retryAfterSeconds = await invitationWait(tx, actor.userId, perHour);
    if (retryAfterSeconds) {
      const minutes = Math.ceil(retryAfterSeconds / 60);
      throw withDenial(new ThrottledError(retryAfterSeconds, serviceMessage("invitationLimit", { limit: perHour, minutes })), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "organisation", id: org.id, orgId: org.id },
        details: { attempted: "user.invite", reason: "invitation_limit" },
      });
    }
    // The unique index on lower(email) decides, so that of two invitations sent at once one gets this 409.
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, displayName: input.displayName, passwordHash: null })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!user) {
      const taken = new ConflictError(serviceMessage("emailTaken"));
      // An account can be had once: the refusal tells a company admin that the address has one somewhere on
      // the platform (perhaps a ministry's). It cannot be hidden, so it is recorded, and repeated probing is
      // counted by the denial-burst rule; a platform admin sees every account anyway.
      if (!onlyOrg) throw taken;
      throw withDenial(taken, {
        action: "access.denied",
        outcome: "denied",
        target: { type: "organisation", id: org.id, orgId: org.id },
        details: { attempted: "user.invite", reason: "email_in_use" },
      });
    }
    await tx.insert(memberships).values({ userId: user!.id, organisationId: org.id, role: input.role });
    await emit(tx, ctx, {
      action: "user.invite",
      outcome: "allowed",
      target: { type: "user", id: user!.id, orgId: org.id },
      details: { email: input.email, role: input.role, organisationId: org.id },
    });
    const { expiresAt } = await issueAccountLink(tx, ctx, "invitation", user!.id, actor.userId);
    return { userId: user!.id, expiresAt };
  });
}

/**
 * Seconds until the administrator may send another invitation, or 0: counted from their `user.invite`
 * events of the last hour (the audit log keeps every one; index audit_events_actor_idx). Their invitations
 * take turns (a lock per administrator until the transaction ends), so that several sent at once cannot
 * all be counted before any of them is written.
 */
async function invitationWait(tx: Executor, actorUserId: string, perHour: number): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kakehashi.invitations:${actorUserId}`}))`);
  // The perHour-th latest invitation of the hour: a slot frees when it is an hour old.
  const [latest] = await tx
    .select({ wait: sql<number>`ceil(extract(epoch from ${auditEvents.occurredAt} + interval '1 hour' - now()))::int` })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, actorUserId), eq(auditEvents.action, "user.invite"), gt(auditEvents.occurredAt, sql`now() - interval '1 hour'`)))
    .orderBy(desc(auditEvents.occurredAt))
    .offset(perHour - 1)
    .limit(1);
  return latest ? Math.max(1, Number(latest.wait)) : 0;
}
