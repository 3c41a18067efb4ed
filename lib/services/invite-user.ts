import { eq } from "drizzle-orm";
import { memberships, organisations, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { invitationSchema, rolesForOrganisationType, type InvitationInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { ConflictError, NotFoundError, ValidationError, withDenial } from "./errors";
import { claimedId, parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { invitationsPerHour, issueAccountLink, refuseOverLinkLimit } from "./internal/account-links";
import { enterUserAdmin, roleNotGrantable } from "./internal/users";
import { serviceMessage } from "./messages";

/**
 * Invites a person: a platform admin into any organisation, a company admin into their own company
 * (company roles only). The account has no password until the invitation link, sent through the
 * email outbox, is followed; agency, audit and operator accounts then enrol a second factor at their
 * first sign-in. An administrator sends at most `perHour` invitation and reset links in any hour (429,
 * audited; refuseOverLinkLimit).
 */
export async function inviteUser({ ctx, input: raw }: ServiceCall<Input<InvitationInput>>, perHour = invitationsPerHour()): Promise<{ userId: string; expiresAt: Date }> {
  return withTx(ctx, async (tx) => {
    const claimedOrg = claimedId(raw, "organisationId");
    const { actor, onlyOrg } = await enterUserAdmin(tx, ctx, "user.invite", { type: "organisation", id: claimedOrg });
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
    await refuseOverLinkLimit(tx, actor.userId, perHour, "user.invite", { type: "organisation", id: org.id, orgId: org.id });
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
