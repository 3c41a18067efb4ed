import { describe, expect, it } from "vitest";
import { userCommandsFor, type UserCommand } from "./user-commands";

const ADMIN = "00000000-0000-4000-9000-000000000031";
const USER = "00000000-0000-4000-9000-000000000001";
const enabled = { userId: USER, disabled: false, disabledByPlatform: false };
const offered = (...args: Parameters<typeof userCommandsFor>) => [...userCommandsFor(...args)].sort();
const sorted = (...commands: UserCommand[]) => commands.sort();

// The user page shows only the controls the caller's role may use (the services refuse the rest anyway).
describe("the commands an administrator is offered on a user", () => {
  it("gives a platform admin every command, a company admin no platform admin's (reset second factor, unlock, end sessions)", () => {
    expect(offered({ userId: ADMIN, role: "platform_admin" }, enabled)).toEqual(sorted("change-role", "disable", "send-reset", "reset-mfa", "unlock", "revoke-sessions"));
    expect(offered({ userId: ADMIN, role: "company_admin" }, enabled)).toEqual(sorted("change-role", "disable", "send-reset"));
    for (const role of ["company_officer", "agency_reviewer", "agency_approver", "auditor"] as const) expect(offered({ userId: ADMIN, role }, enabled)).toEqual([]);
  });

  it("offers enabling an account a platform admin disabled to a platform admin only", () => {
    const byCompany = { ...enabled, disabled: true };
    const byPlatform = { ...byCompany, disabledByPlatform: true };
    expect(offered({ userId: ADMIN, role: "company_admin" }, byCompany)).toEqual(sorted("change-role", "enable"));
    expect(offered({ userId: ADMIN, role: "company_admin" }, byPlatform)).toEqual(["change-role"]);
    expect(offered({ userId: ADMIN, role: "platform_admin" }, byPlatform)).toEqual(sorted("change-role", "enable", "reset-mfa", "unlock", "revoke-sessions"));
  });

  it("offers a platform admin disabling an account its company disabled, to make it a suspension the company cannot lift", () => {
    const byCompany = { ...enabled, disabled: true };
    expect(offered({ userId: ADMIN, role: "platform_admin" }, byCompany)).toEqual(sorted("change-role", "disable", "enable", "reset-mfa", "unlock", "revoke-sessions"));
  });

  it("offers nothing on one's own account, which is managed on /account", () => {
    expect(offered({ userId: USER, role: "platform_admin" }, enabled)).toEqual([]);
    expect(offered({ userId: USER, role: "company_admin" }, enabled)).toEqual([]);
  });
});
