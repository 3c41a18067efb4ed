import type { Role } from "@/db/schema";
import type { Actor, RequestContext } from "@/lib/services/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError, withDenial } from "@/lib/services/errors";
import { serviceMessage } from "@/lib/services/messages";

/** Every permission in the system, as `resource.verb`. */
export const permissions = [
  "me.read",
  "profile.read_own",
  "profile.update_own",
  "profile.read_company",
  "company.list_in_scope",
  "api_token.manage_company",
  "audit.read",
  "audit.export",
  "audit.verify",
  "platform.overview",
  "disclosure.read_own",
  "disclosure.edit_own",
  "disclosure.review",
  "disclosure.break_glass",
  "access_log.read_own",
  "session.manage_own",
  "account.manage_own",
  "user.manage",
  "organisation.manage",
  "assignment.manage",
  "conflict.manage",
  "conflict.declare_own",
  "company_user.manage",
  "company.mfa_policy",
  "advisory.draft",
  "advisory.approve",
  "advisory.read_delivered",
  "advisory.acknowledge",
  "notification.read_outbox",
  "insights.read",
  "insights.drill_down",
] as const;
export type Permission = (typeof permissions)[number];

// Every signed-in person manages their own sessions, password and authenticator.
const own: Permission[] = ["me.read", "session.manage_own", "account.manage_own"];
const companyBase: Permission[] = [
  ...own,
  "profile.read_own",
  "profile.update_own",
  "disclosure.read_own",
  "disclosure.edit_own",
  "access_log.read_own",
  "advisory.read_delivered",
  "advisory.acknowledge",
];
const agencyBase: Permission[] = [...own, "profile.read_company", "company.list_in_scope", "disclosure.review", "advisory.draft", "conflict.declare_own", "insights.read", "insights.drill_down"];

/** Which role holds which permission. Anything not listed is denied. */
export const policy: Record<Role, ReadonlySet<Permission>> = {
  company_officer: new Set(companyBase),
  company_admin: new Set<Permission>([...companyBase, "api_token.manage_company", "company_user.manage", "company.mfa_policy"]),
  agency_reviewer: new Set(agencyBase),
  agency_approver: new Set<Permission>([...agencyBase, "disclosure.break_glass", "advisory.approve"]),
  auditor: new Set<Permission>([...own, "audit.read", "audit.export", "audit.verify"]),
  // Administers people and organisations; holds nothing that reads disclosure content or changes the audit log.
  platform_admin: new Set<Permission>([...own, "platform.overview", "user.manage", "organisation.manage", "assignment.manage", "conflict.manage", "notification.read_outbox"]),
};

/**
 * Roles that never sign in on a password alone (SPEC §6: agency, auditor and admin roles). A company's
 * admin is one: it manages the company's people and API tokens (ASVS V4.3.1). A company may require a
 * second factor of its officers too.
 */
export const MFA_ROLES: readonly Role[] = ["company_admin", "agency_reviewer", "agency_approver", "auditor", "platform_admin"];

/** Government staff: their accesses to a company's data are what the company's access log and the auditors' access report show. */
export const GOVERNMENT_ROLES = ["agency_reviewer", "agency_approver"] as const satisfies readonly Role[];

/** A company's own users. */
export const COMPANY_ROLES = ["company_officer", "company_admin"] as const satisfies readonly Role[];

/**
 * What only a person signed in with their second factor may do, never an API token (tokens skip the second
 * factor, and `token:create` issues them for any role): opening a disclosure outside one's assignment is a
 * person's emergency act, written and answered for, not an integration's; and a token never manages tokens
 * — one leaked could mint others that outlive its own revocation.
 */
export const SESSION_ONLY: ReadonlySet<Permission> = new Set<Permission>(["disclosure.break_glass", "api_token.manage_company"]);

export function can(role: Role, permission: Permission): boolean {
  return policy[role]?.has(permission) ?? false;
}

/**
 * The caller must be signed in. An anonymous attempt is refused (401) and audited like any other denial:
 * `attempted` names the permission when the caller knows it.
 */
export function requireActor(ctx: RequestContext, attempted: string = "signed_in"): Actor {
  if (!ctx.actor) throw withDenial(new UnauthenticatedError(), { action: "access.denied", outcome: "denied", details: { attempted, reason: "unauthenticated" } });
  return ctx.actor;
}

/**
 * The first line of every service: the caller must be signed in and its role must hold the permission.
 * A refusal is audited (see withTx).
 */
export function requirePermission(
  ctx: RequestContext,
  permission: Permission,
  target?: { type: string; id: string; orgId?: string | null },
  options: { hidden?: boolean } = {},
): Actor {
  const actor = requireActor(ctx, permission);
  if (!can(actor.role, permission)) {
    // A hidden resource (the audit console, say) answers 404 to roles that may not know it exists.
    const error = options.hidden ? new NotFoundError() : new ForbiddenError(serviceMessage("roleNotAllowed"));
    throw withDenial(error, {
      action: "access.denied",
      outcome: "denied",
      target,
      details: { attempted: permission, reason: "role_lacks_permission" },
    });
  }
  if (actor.tokenId && SESSION_ONLY.has(permission)) {
    throw withDenial(new ForbiddenError(serviceMessage("sessionOnly")), {
      action: "access.denied",
      outcome: "denied",
      target,
      details: { attempted: permission, reason: "token_not_allowed" },
    });
  }
  return actor;
}
