import { describe, expect, it } from "vitest";
import type { Executor } from "@/db/client";
import { roles, type Role } from "@/db/schema";
import type { Actor, RequestContext } from "@/lib/services/context";
import { ForbiddenError, UnauthenticatedError } from "@/lib/services/errors";
import { can, permissions, policy, requireActor, requirePermission, type Permission } from "./policy";

// requirePermission never touches the database; a context without one is enough.
const noDb = undefined as unknown as Executor;

function ctxAs(role: Role | null): RequestContext {
  const actor: Actor | null = role
    ? { userId: "00000000-0000-4000-9000-000000000001", orgId: "00000000-0000-4000-8000-000000000101", orgType: "company", role }
    : null;
  return { db: noDb, actor, requestId: "unit-test-request" };
}

describe("policy table", () => {
  it("has an entry for every role and names only known permissions", () => {
    expect(Object.keys(policy).sort()).toEqual([...roles].sort());
    for (const role of roles) {
      for (const permission of policy[role]) expect(permissions).toContain(permission);
    }
  });

  it("gives the auditor exactly the audit log and their own account: nothing that reads disclosures, figures or companies", () => {
    expect([...policy.auditor].sort()).toEqual(["account.manage_own", "audit.export", "audit.read", "audit.verify", "me.read", "session.manage_own"]);
  });

  it("denies by default: an unknown role or permission is never allowed", () => {
    expect(can("ghost" as Role, "me.read")).toBe(false);
    expect(can("company_admin", "profile.delete_everything" as Permission)).toBe(false);
    expect(can("platform_admin", "audit.read")).toBe(false);
  });

  it("lets every role read who it is", () => {
    for (const role of roles) expect(can(role, "me.read")).toBe(true);
  });

  it("keeps company roles to their own profile", () => {
    for (const role of ["company_officer", "company_admin"] as const) {
      expect(can(role, "profile.read_own")).toBe(true);
      expect(can(role, "profile.update_own")).toBe(true);
      expect(can(role, "profile.read_company")).toBe(false);
      expect(can(role, "company.list_in_scope")).toBe(false);
    }
  });

  it("lets agency staff draft advisories, approvers alone approve them, and companies read and acknowledge theirs", () => {
    expect(roles.filter((role) => can(role, "advisory.draft"))).toEqual(["agency_reviewer", "agency_approver"]);
    expect(roles.filter((role) => can(role, "advisory.approve"))).toEqual(["agency_approver"]);
    expect(roles.filter((role) => can(role, "advisory.read_delivered"))).toEqual(["company_officer", "company_admin"]);
    expect(roles.filter((role) => can(role, "advisory.acknowledge"))).toEqual(["company_officer", "company_admin"]);
    expect(roles.filter((role) => can(role, "notification.read_outbox"))).toEqual(["platform_admin"]);
  });

  it("gives API token management to the company admin only", () => {
    const holders = roles.filter((role) => can(role, "api_token.manage_company"));
    expect(holders).toEqual(["company_admin"]);
  });

  it("lets agency roles read companies in scope but not edit company profiles", () => {
    for (const role of ["agency_reviewer", "agency_approver"] as const) {
      expect(can(role, "profile.read_company")).toBe(true);
      expect(can(role, "company.list_in_scope")).toBe(true);
      expect(can(role, "profile.update_own")).toBe(false);
      expect(can(role, "profile.read_own")).toBe(false);
    }
  });

  it("gives the auditor and the platform admin no profile permission at all", () => {
    for (const role of ["auditor", "platform_admin"] as const) {
      const profilePermissions = [...policy[role]].filter((p) => p.startsWith("profile."));
      expect(profilePermissions).toEqual([]);
    }
    expect(can("auditor", "audit.read")).toBe(true);
    expect(can("platform_admin", "platform.overview")).toBe(true);
    expect(can("auditor", "platform.overview")).toBe(false);
  });
});

describe("administration permissions", () => {
  it("gives administration of people and organisations to the platform admin only", () => {
    for (const permission of ["user.manage", "organisation.manage", "assignment.manage", "conflict.manage"] as const) {
      expect(roles.filter((role) => can(role, permission))).toEqual(["platform_admin"]);
    }
  });

  it("never lets the platform admin read disclosure content or touch the audit log", () => {
    const reading = [...policy.platform_admin].filter((p) => p.startsWith("disclosure.") || p.startsWith("audit.") || p.startsWith("profile.") || p === "access_log.read_own");
    expect(reading).toEqual([]);
  });

  it("lets agency staff declare their own conflicts, and company admins manage their own company's users", () => {
    expect(roles.filter((role) => can(role, "conflict.declare_own"))).toEqual(["agency_reviewer", "agency_approver"]);
    expect(roles.filter((role) => can(role, "company_user.manage"))).toEqual(["company_admin"]);
    expect(roles.filter((role) => can(role, "company.mfa_policy"))).toEqual(["company_admin"]);
  });

  it("lets everyone manage their own sessions and account", () => {
    for (const role of roles) {
      expect(can(role, "session.manage_own")).toBe(true);
      expect(can(role, "account.manage_own")).toBe(true);
    }
  });
});

describe("requireActor / requirePermission", () => {
  it("throws UnauthenticatedError without an actor", () => {
    expect(() => requireActor(ctxAs(null))).toThrow(UnauthenticatedError);
    expect(() => requirePermission(ctxAs(null), "me.read")).toThrow(UnauthenticatedError);
  });

  it("returns the actor when its role holds the permission", () => {
    const ctx = ctxAs("company_officer");
    expect(requirePermission(ctx, "profile.update_own")).toBe(ctx.actor);
  });

  it("throws ForbiddenError carrying an access.denied event when the role lacks the permission", () => {
    const target = { type: "api_token", id: "t-1" };
    let caught: unknown;
    try {
      requirePermission(ctxAs("company_officer"), "api_token.manage_company", target);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ForbiddenError);
    const error = caught as ForbiddenError;
    expect(error.status).toBe(403);
    expect(error.denial).toEqual({
      action: "access.denied",
      outcome: "denied",
      target,
      details: { attempted: "api_token.manage_company", reason: "role_lacks_permission" },
    });
  });
});
