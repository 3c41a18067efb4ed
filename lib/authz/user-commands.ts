import type { Role } from "@/db/schema";
import { can } from "./policy";

/** What the administration pages offer to do to a user. */
export type UserCommand = "change-role" | "disable" | "enable" | "send-reset" | "reset-mfa" | "unlock" | "revoke-sessions";

/**
 * The commands an administrator may use on a user, as the services decide them: a platform admin's
 * (`user.manage`) on anyone, a company admin's (`company_user.manage`) — role, disabling, reset links — on
 * their company's users; none on one's own account, which is managed on `/account` (the services refuse
 * most of them there as `own_account`); and enabling an account a platform admin disabled only for a
 * platform admin, who may also disable again an account its company disabled, to suspend it. The pages
 * show only these, so that no control can only fail; the services refuse the rest all the same. Whether
 * a command has anything to act on (an authenticator, a lock) is the page's.
 */
export function userCommandsFor(actor: { userId: string; role: Role }, user: { userId: string; disabled: boolean; disabledByPlatform: boolean }): ReadonlySet<UserCommand> {
  const platform = can(actor.role, "user.manage");
  if ((!platform && !can(actor.role, "company_user.manage")) || actor.userId === user.userId) return new Set();
  const commands = new Set<UserCommand>(["change-role"]);
  if (!user.disabled) commands.add("disable").add("send-reset");
  else if (platform || !user.disabledByPlatform) commands.add("enable");
  if (user.disabled && platform && !user.disabledByPlatform) commands.add("disable");
  if (platform) for (const command of ["reset-mfa", "unlock", "revoke-sessions"] as const) commands.add(command);
  return commands;
}
