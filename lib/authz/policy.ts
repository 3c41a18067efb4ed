import type { Role } from "@/db/schema";
import type { Actor, RequestContext } from "@/lib/services/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError, withDenial } from "@/lib/services/errors";

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
  "insights.read",
  "insights.drill_down",
] as const;
export type Permission = (typeof permissions)[number];

const companyBase: Permission[] = ["me.read", "profile.read_own", "profile.update_own", "disclosure.read_own", "disclosure.edit_own", "access_log.read_own"];
const agencyBase: Permission[] = ["me.read", "profile.read_company", "company.list_in_scope", "disclosure.review", "insights.read", "insights.drill_down"];

/** Which role holds which permission. Anything not listed is denied. */
export const policy: Record<Role, ReadonlySet<Permission>> = {
  company_officer: new Set(companyBase),
  company_admin: new Set<Permission>([...companyBase, "api_token.manage_company"]),
  agency_reviewer: new Set(agencyBase),
  agency_approver: new Set<Permission>([...agencyBase, "disclosure.break_glass"]),
  auditor: new Set<Permission>(["me.read", "audit.read", "audit.export", "audit.verify"]),
  platform_admin: new Set<Permission>(["me.read", "platform.overview"]),
};

export function can(role: Role, permission: Permission): boolean {
  return policy[role]?.has(permission) ?? false;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
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
  const actor = requireActor(ctx);
  if (!can(actor.role, permission)) {
    // A hidden resource (the audit console, say) answers 404 to roles that may not know it exists.
    const error = options.hidden ? new NotFoundError() : new ForbiddenError("Your role does not allow this.");
    throw withDenial(error, {
      action: "access.denied",
      outcome: "denied",
      target,
      details: { attempted: permission, reason: "role_lacks_permission" },
    });
  }
  return actor;
}
