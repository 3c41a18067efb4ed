import { asc, eq, sql } from "drizzle-orm";
import { memberships, organisations, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { bootstrapSchema, type BootstrapInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { ConflictError } from "./errors";
import { parseInput, type Input } from "./input";
import { issueAccountLink } from "./internal/account-links";
import { serviceMessage } from "./messages";
import { withTx } from "./transaction";

export interface BootstrappedAdmin {
  userId: string;
  organisationId: string;
  /** The invitation: single use, three days; shown to the operator, and also put in the email outbox. */
  link: { token: string; expiresAt: Date };
}

const PURPOSE = "the first platform admin, from the operator command line";

/**
 * The first platform admin of a fresh installation (`npm run admin:bootstrap`), so that production never
 * starts from the demo's accounts. Only the operator's command line calls it (no session exists yet);
 * it works once: while any platform admin exists it refuses, and everyone else is invited from the
 * Users page. The account is invited like any other — no password until its link is followed, then a
 * second factor at the first sign-in — into the operator organisation, made here when there is none.
 */
export async function bootstrapPlatformAdmin({ ctx, input: raw }: ServiceCall<Input<BootstrapInput>>): Promise<BootstrappedAdmin> {
  return withTx(ctx, async (tx) => {
    const input = parseInput(bootstrapSchema, raw);
    // Two operators bootstrapping at once must not make two first admins.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kakehashi.bootstrap-platform-admin'))`);
    const [admin] = await tx.select({ id: memberships.userId }).from(memberships).where(eq(memberships.role, "platform_admin")).limit(1);
    if (admin) throw new ConflictError(serviceMessage("platformAdminExists"));
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${input.email})`);
    if (taken) throw new ConflictError(serviceMessage("emailTaken"));

    let [operator] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.type, "operator")).orderBy(asc(organisations.createdAt)).limit(1);
    if (!operator) {
      [operator] = await tx.insert(organisations).values({ type: "operator", nameEn: input.operatorNameEn, nameJa: input.operatorNameJa }).returning({ id: organisations.id });
      await emit(tx, ctx, {
        action: "organisation.create",
        outcome: "allowed",
        target: { type: "organisation", id: operator!.id, orgId: operator!.id },
        purpose: PURPOSE,
        details: { type: "operator", nameEn: input.operatorNameEn, nameJa: input.operatorNameJa },
      });
    }
    const organisationId = operator!.id;
    const [user] = await tx.insert(users).values({ email: input.email, displayName: input.displayName, passwordHash: null }).returning({ id: users.id });
    await tx.insert(memberships).values({ userId: user!.id, organisationId, role: "platform_admin" });
    await emit(tx, ctx, {
      action: "user.invite",
      outcome: "allowed",
      target: { type: "user", id: user!.id, orgId: organisationId },
      purpose: PURPOSE,
      details: { email: input.email, role: "platform_admin", organisationId },
    });
    const { token, expiresAt } = await issueAccountLink(tx, ctx, "invitation", user!.id, null);
    return { userId: user!.id, organisationId, link: { token, expiresAt } };
  });
}
