import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor, Tx } from "@/db/client";
import { memberships, organisations, users, type OrganisationType, type Role } from "@/db/schema";
import { can, requireActor } from "@/lib/authz/policy";
import type { Actor, RequestContext } from "../context";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError, withDenial } from "../errors";
import { serviceMessage, type ServiceMessageKey } from "../messages";
import { enterRowSecurity } from "./row-security";

export interface ManagedUser {
  userId: string;
  email: string;
  displayName: string;
  disabledAt: Date | null;
  /** Disabled by a platform admin: only a platform admin enables the account again. */
  disabledByPlatform: boolean;
  hasPassword: boolean;
  orgId: string;
  orgType: OrganisationType;
  role: Role;
}

/**
 * Who may administer people: a platform admin anyone, a company admin the users of their own company.
 * Answers the actor and the organisation its reach is limited to (null: every organisation).
 */
export function requireUserAdmin(ctx: RequestContext, attempted: string, target?: { type: string; id: string }): { actor: Actor; onlyOrg: string | null } {
  const actor = requireActor(ctx);
  if (can(actor.role, "user.manage")) return { actor, onlyOrg: null };
  if (can(actor.role, "company_user.manage")) return { actor, onlyOrg: actor.orgId };
  throw withDenial(new ForbiddenError(serviceMessage("roleNotAllowed")), {
    action: "access.denied",
    outcome: "denied",
    target,
    details: { attempted, reason: "role_lacks_permission" },
  });
}

/**
 * `requireUserAdmin`, then the rest of the transaction behind the account tables' second wall (migration
 * 0048): a company admin's queries reach only their own company's accounts, whatever they ask for.
 */
export async function enterUserAdmin(tx: Tx, ctx: RequestContext, attempted: string, target?: { type: string; id: string }): Promise<{ actor: Actor; onlyOrg: string | null }> {
  const admin = requireUserAdmin(ctx, attempted, target);
  await enterRowSecurity(tx, admin.actor);
  return admin;
}

/**
 * A user the caller may administer, or 404 (audited) for anyone else: another company's user does not exist
 * for a company admin. With `lock`, the user's row and membership are locked until the transaction ends, so
 * that concurrent changes of the user are made one after the other, each reading what the one before wrote
 * (a row changed while the lock was awaited is read again as committed).
 */
export async function findManagedUser(tx: Executor, onlyOrg: string | null, userId: string, attempted: string, { lock = false } = {}): Promise<ManagedUser> {
  const query = tx
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      disabledAt: users.disabledAt,
      disabledByPlatform: users.disabledByPlatform,
      hasPassword: sql<boolean>`${users.hasPassword}`,
      orgId: memberships.organisationId,
      orgType: organisations.type,
      role: memberships.role,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(users.id, userId), onlyOrg ? eq(memberships.organisationId, onlyOrg) : undefined));
  const rows = !z.uuid().safeParse(userId).success ? [] : lock ? await query.for("no key update", { of: [users, memberships] }) : await query;
  if (!rows[0]) {
    throw withDenial(new NotFoundError(serviceMessage("noUser")), {
      action: "access.denied",
      outcome: "denied",
      target: { type: "user", id: userId },
      details: { attempted, reason: "not_in_scope" },
    });
  }
  return rows[0];
}

/**
 * An administrator acting on their own account through the administration (their role, their disabling,
 * their second factor, sign-in lock or sessions) is refused with `message` (409), and the refusal recorded
 * as a denial, as any refusal of authority: what one does to one's own account goes through `/account`,
 * with the current password, or through another administrator.
 */
export function refuseOwnAccount(actor: Actor, user: ManagedUser, attempted: string, message: ServiceMessageKey): void {
  if (user.userId !== actor.userId) return;
  throw withDenial(new ConflictError(serviceMessage(message)), {
    action: "access.denied",
    outcome: "denied",
    target: { type: "user", id: user.userId, orgId: user.orgId },
    details: { attempted, reason: "own_account" },
  });
}

/**
 * A role the organisation cannot hold, asked for in an invitation or a role change: answered as the form's
 * field error (422), but recorded as a denial, not as bad input — it is an attempt to grant what the caller
 * may not (a company admin asking for an agency role), and the denied-burst anomaly rule counts it.
 */
export function roleNotGrantable(attempted: string, target: { type: string; id: string; orgId: string }): ValidationError {
  return withDenial(new ValidationError([{ path: "role", message: "validation.roleForOrganisation" }]), {
    action: "access.denied",
    outcome: "denied",
    target,
    details: { attempted, reason: "role_not_grantable" },
  });
}

const adminRoles: ReadonlySet<Role> = new Set(["company_admin", "platform_admin"]);

/**
 * Before an administrator of the caller's own organisation is demoted or disabled: someone else must stay
 * an enabled administrator of it (409 otherwise). The check waits its turn on a lock of the organisation,
 * and reads after it, so that two administrators demoting or disabling each other at the same moment do
 * not both succeed and leave the organisation with none. A platform admin acting on another organisation
 * is not held to it (an organisation's only admin may leave).
 */
export async function keepAnotherAdmin(tx: Executor, actor: Actor, user: ManagedUser): Promise<void> {
  if (!adminRoles.has(user.role) || user.orgId !== actor.orgId) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kakehashi.admins:${user.orgId}`}))`);
  const [other] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, user.orgId), eq(memberships.role, user.role), sql`${users.id} <> ${user.userId}`, sql`${users.disabledAt} is null`))
    .limit(1);
  if (!other) throw new ConflictError(serviceMessage("lastAdmin"));
}

/**
 * The caller's own user row and organisation; the role is the actor's, read fresh with the session. A
 * caller whose user is gone is signed out (UnauthenticatedError).
 */
export async function findCaller(tx: Executor, actor: Actor) {
  const [row] = await tx
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      emailLocale: users.emailLocale,
      createdAt: users.createdAt,
      orgId: organisations.id,
      orgType: organisations.type,
      nameEn: organisations.nameEn,
      nameJa: organisations.nameJa,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, actor.orgId))
    .where(eq(users.id, actor.userId));
  if (!row) throw new UnauthenticatedError();
  return row;
}
